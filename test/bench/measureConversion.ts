// Child process of `npm run bench -- hosts`: the overhead of a conversion job against a bare
// `ssh host true` on the same sshd (the test server of test/support). The job is a Paddle sample
// already on the host (upload skipped) and a simulator that returns at once; it runs in this
// process through runConversion, as the CLI runs it. The two take turns, so a busy machine slows
// both alike. One JSON line on stdout: the medians, the ratio job / ssh, and the ratio without
// the tool's own time (job − tool alone) / ssh.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runConversion } from '../../src/core/convert/conversionJob';
import type { HostConfig } from '../../src/core/hosts/hostsFile';
import { openHost } from '../../src/core/hosts/openHost';
import { writePaddleSample } from '../../src/core/samples/paddleSample';
import { startSshServer } from '../support/sshServer';

async function measure(rounds: number) {
  const server = await startSshServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-bench-convert-'));
  try {
    const model = path.join(dir, 'tiny');
    mkdirSync(model);
    await writePaddleSample(model);
    const host: HostConfig = { name: 'bench', kind: 'sophon', target: 'BM1684', ssh: 'simhost', sshConfig: server.sshConfig, setup: server.setup, workdir: path.join(server.dir, 'work') };
    const job = async () => {
      const r = await runConversion({ model, host, toolArgs: [], outDir: dir });
      if (r.verdict !== 'success') throw new Error(`the job ended ${r.verdict}`);
      return r;
    };
    const first = await job();
    if (!first.uploaded) throw new Error('the first job did not upload');
    const bare: number[] = [];
    const jobs: number[] = [];
    const tools: number[] = [];
    // The tool alone, run on the host as the job runs it: the part of a job that is the
    // simulator's own start-up (python3, then node), not the job's overhead.
    const probe = openHost(host);
    const toolLine = first.command.replace(/^cd (\S+) && /, 'mkdir -p $1 && cd $1 && ');
    const jobFolder = /^cd (\S+) && /.exec(first.command)![1];
    for (let round = 0; round < rounds + 2; round++) {
      let t0 = performance.now();
      const r = spawnSync('ssh', ['-F', server.sshConfig, '-o', 'BatchMode=yes', 'simhost', 'true']);
      if (r.status !== 0) throw new Error(`ssh simhost true: ${r.stderr}`);
      const b = performance.now() - t0;
      t0 = performance.now();
      const again = await job();
      if (again.uploaded) throw new Error('an unchanged model was uploaded again');
      const j = performance.now() - t0;
      // The tool's own time on the host: the same line over an open connection, less an empty command.
      t0 = performance.now();
      await probe.run('true');
      const empty = performance.now() - t0;
      t0 = performance.now();
      const alone = await probe.run(toolLine);
      if (alone.code !== 0) throw new Error(`the tool alone exited ${alone.code}`);
      const tool = performance.now() - t0 - empty;
      rmSync(jobFolder, { recursive: true, force: true });
      if (round >= 2) {
        bare.push(b);
        jobs.push(j);
        tools.push(tool);
      }
    }
    const median = (t: number[]) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)];
    await probe.close();
    const [sshMs, jobMs, toolMs] = [median(bare), median(jobs), median(tools)];
    return { sshMs, jobMs, toolMs, ratio: jobMs / sshMs, overheadRatio: (jobMs - toolMs) / sshMs, rounds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

measure(Number(process.argv[2] ?? '9')).then(
  (m) => process.stdout.write(`${JSON.stringify(m)}\n`),
  (e: unknown) => {
    process.stdout.write(`${JSON.stringify({ error: String(e) })}\n`);
    process.exitCode = 1;
  },
);
