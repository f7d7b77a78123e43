// Where a conversion job's time goes (`node out/test/bench/profileConversion.js`): each host
// call of a job (upload skipped, simulator returning at once) timed against a bare `ssh host true`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runConversion } from '../../src/core/convert/conversionJob';
import type { Host } from '../../src/core/hosts/host';
import type { HostConfig } from '../../src/core/hosts/hostsFile';
import { openHost } from '../../src/core/hosts/openHost';
import { writePaddleSample } from '../../src/core/samples/paddleSample';
import { startSshServer } from '../support/sshServer';

async function main(rounds: number) {
  const server = await startSshServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-bench-profile-'));
  try {
    const model = path.join(dir, 'tiny');
    mkdirSync(model);
    await writePaddleSample(model);
    const host: HostConfig = { name: 'bench', kind: 'sophon', target: 'BM1684', ssh: 'simhost', sshConfig: server.sshConfig, setup: server.setup, workdir: path.join(server.dir, 'work') };
    const marks: [string, number][] = [];
    let t0 = 0;
    const mark = (label: string) => marks.push([label, performance.now() - t0]);
    const timed = (config: HostConfig): Host => {
      const inner = openHost(config);
      mark('openHost');
      const wrap = <A extends unknown[], R>(name: string, f: (...a: A) => Promise<R>) => async (...a: A) => {
        mark(`${name} start`);
        try {
          return await f(...a);
        } finally {
          mark(`${name} end`);
        }
      };
      return { name: inner.name, connect: wrap('connect', inner.connect.bind(inner)), run: wrap('run', inner.run.bind(inner)), upload: wrap('upload', inner.upload.bind(inner)), uploadFiles: wrap('uploadFiles', inner.uploadFiles.bind(inner)), download: wrap('download', inner.download.bind(inner)), downloadFiles: wrap('downloadFiles', inner.downloadFiles.bind(inner)), runThenCollect: wrap('runThenCollect', inner.runThenCollect.bind(inner)), close: wrap('close', inner.close.bind(inner)) };
    };
    await runConversion({ model, host, toolArgs: [], outDir: dir });
    const all: Record<string, number[]> = {};
    for (let r = 0; r < rounds; r++) {
      const s = performance.now();
      spawnSync('ssh', ['-F', server.sshConfig, '-o', 'BatchMode=yes', 'simhost', 'true']);
      (all.ssh ??= []).push(performance.now() - s);
      marks.length = 0;
      t0 = performance.now();
      const res = await runConversion({ model, host, toolArgs: [], outDir: dir, openHost: timed });
      mark('done');
      if (res.verdict !== 'success') throw new Error(res.verdict);
      for (const [label, ms] of marks) (all[label] ??= []).push(ms);
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    for (const [label, v] of Object.entries(all)) console.log(label.padEnd(22), median(v).toFixed(0).padStart(6), 'ms');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}
void main(Number(process.argv[2] ?? '7'));
