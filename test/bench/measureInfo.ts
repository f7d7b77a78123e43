// Child process of `npm run bench` (hostile input): `npu-deploy info FILE` run in this process,
// its readable output discarded, then the wall time and this process's peak memory as one JSON
// line on stderr (stdout is the command's).
import { performance } from 'node:perf_hooks';
import { main } from '../../src/cli/main';

async function run() {
  const args = process.argv.slice(2);
  const write = process.stdout.write.bind(process.stdout);
  // The summary of a big net is long; the figures are what is measured. A write that waits for
  // its callback (`--json` hands its text on piece by piece) is told at once that it is taken.
  process.stdout.write = ((_chunk: unknown, encodingOrDone?: unknown, done?: unknown) => {
    const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
    if (typeof callback === 'function') setImmediate(callback as () => void);
    return true;
  }) as typeof process.stdout.write;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const code = await main(args);
  const seconds = (performance.now() - t0) / 1000;
  // On a machine others share, the CPU time says more of the code than the wall time does.
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write = write;
  process.stderr.write(`${JSON.stringify({ code, seconds, cpuSeconds, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

run().catch((e) => {
  process.stderr.write(`${JSON.stringify({ error: String(e) })}\n`);
  process.exitCode = 1;
});
