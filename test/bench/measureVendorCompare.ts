// Child process of `npm run bench -- hosts`: a compare job with the vendors' tools (an om dumped
// with msame, the fusion rule from atc --mode=1, msaccucmp.py against a golden folder; all
// simulated) against the same tool line run by hand over one `ssh host …` in a folder that
// already holds the inputs. The difference is the job's own cost: uploads, the tool probe, the
// listing and download of the results, the CompareResult, clean-up. The two take turns. One JSON
// line on stdout: the medians and the ratio job / by hand.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runVendorCompare } from '../../src/core/compare/vendorCompareJob';
import type { HostConfig } from '../../src/core/hosts/hostsFile';
import { writeGoldenFolder, writeSampleOm } from '../support/compareSamples';
import { startSshServer } from '../support/sshServer';

async function measure(rounds: number) {
  const server = await startSshServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-bench-vcmp-'));
  try {
    const om = path.join(dir, 'resnet_tiny.om');
    writeSampleOm(om);
    const golden = writeGoldenFolder(path.join(dir, 'golden'), ['res2a']);
    const host: HostConfig = { name: 'bench', kind: 'ascend', socVersion: 'Ascend310', ssh: 'simhost', sshConfig: server.sshConfig, setup: server.setup, workdir: path.join(server.dir, 'work') };
    const job = async () => {
      const r = await runVendorCompare({ offlineModel: om, host, golden, outDir: dir });
      if (r.verdict !== 'success') throw new Error(`the job ended ${r.verdict}: ${r.message}`);
      rmSync(r.folder!, { recursive: true, force: true });
      return r;
    };
    const first = await job();
    // By hand: the inputs already in place on the host, the same tool line, one ssh command.
    const alone = path.join(server.dir, 'by-hand');
    cpSync(golden, path.join(alone, 'golden'), { recursive: true });
    cpSync(om, path.join(alone, 'model', 'resnet_tiny.om'));
    const toolLine = first.command.replace(/^cd \S+ && mkdir -p out && /, '');
    const byHand = () => {
      const r = spawnSync('ssh', ['-F', server.sshConfig, '-o', 'BatchMode=yes', 'simhost', `${server.setup} && cd ${alone} && rm -rf out && mkdir out && ${toolLine}`]);
      if (r.status !== 0) throw new Error(`by hand: ${r.stderr}`);
    };
    const hand: number[] = [];
    const jobs: number[] = [];
    for (let round = 0; round < rounds + 1; round++) {
      let t0 = performance.now();
      byHand();
      const h = performance.now() - t0;
      t0 = performance.now();
      await job();
      const j = performance.now() - t0;
      if (round >= 1) {
        hand.push(h);
        jobs.push(j);
      }
    }
    const median = (t: number[]) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)];
    const [handMs, jobMs] = [median(hand), median(jobs)];
    return { handMs, jobMs, ratio: jobMs / handMs, rounds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

measure(Number(process.argv[2] ?? '5')).then(
  (m) => process.stdout.write(`${JSON.stringify(m)}\n`),
  (e: unknown) => {
    process.stdout.write(`${JSON.stringify({ error: String(e) })}\n`);
    process.exitCode = 1;
  },
);
