// Child process of `npm run bench`: a PIR program's parse time next to JSON.parse of the same
// text (the floor: the reader parses with it, then walks the document once), and the full open
// (reader + weights index + graph). Median of the runs after warm-up, one JSON line.
// With `--write-synthetic OUT OPS` it writes the synthetic program instead (the project's writer).
import { performance } from 'node:perf_hooks';
import { readFileSync, writeFileSync } from 'node:fs';
import { parsePirProgram } from '../../src/core/formats/paddle/pirProgram';
import { openModel } from '../../src/core/openModel';
import { synthPirProgram } from '../support/pirModels';

/** Small programs need many runs before the JIT settles: as many warm-up runs as measured ones. */
const warmUps = (runs: number) => runs;

async function median(runs: number, once: () => unknown): Promise<number> {
  for (let i = 0; i < warmUps(runs); i++) await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--write-synthetic') {
    const program = synthPirProgram(Number(args[2]));
    writeFileSync(args[1], program.text());
    process.stdout.write(`${JSON.stringify({ ops: program.opCount })}\n`);
    return;
  }
  const [file, runsText] = args;
  const runs = Number(runsText ?? '11');
  const text = readFileSync(file, 'utf8');
  const ops = parsePirProgram(text, file).ops.length;
  const jsonMs = await median(runs, () => JSON.parse(text));
  const parseMs = await median(runs, () => parsePirProgram(text, file));
  const openMs = await median(runs, () => openModel(file));
  process.stdout.write(`${JSON.stringify({ file, bytes: Buffer.byteLength(text), ops, jsonMs, parseMs, openMs, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: String(e instanceof Error ? e.message : e) })}\n`);
  process.exitCode = 1;
});
