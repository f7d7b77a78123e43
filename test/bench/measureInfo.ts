// Child process of `npm run bench` (hostile input): `npu-deploy info FILE` run in this process,
// its readable output discarded, then the wall time and this process's peak memory as one JSON
// line on stderr (stdout is the command's).
import { performance } from 'node:perf_hooks';
import { main } from '../../src/cli/main';

async function run() {
  const args = process.argv.slice(2);
  const write = process.stdout.write.bind(process.stdout);
  // The summary of a big net is long; the figures are what is measured.
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const t0 = performance.now();
  const code = await main(args);
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write = write;
  process.stderr.write(`${JSON.stringify({ code, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

run().catch((e) => {
  process.stderr.write(`${JSON.stringify({ error: String(e) })}\n`);
  process.exitCode = 1;
});
