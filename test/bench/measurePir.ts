// Child process of `npm run bench`: a PIR program's parse time (the scanner that reads the text
// straight into ops and values) next to JSON.parse of the same text, and the full open (reader +
// weights index + graph). The two parses are warmed up together for a fixed time (a reader
// written in JavaScript needs many runs of a small file before it is compiled; JSON.parse is
// native) and then timed in turns, so a change in the machine's load falls on both alike.
// Medians, one JSON line.
// With `--write-synthetic OUT OPS` it writes the synthetic program instead (the project's writer).
import { performance } from 'node:perf_hooks';
import { readFileSync, writeFileSync } from 'node:fs';
import { parsePirProgram } from '../../src/core/formats/paddle/pirProgram';
import { openModel } from '../../src/core/openModel';
import { synthPirProgram } from '../support/pirModels';

/** Warm-up lasts at least this long, and at least as many runs as are measured. */
const WARM_UP_MS = 400;

/** Medians of `runs` timed calls of each function, taken in turns after a shared warm-up. */
async function medians(runs: number, fns: (() => unknown)[]): Promise<number[]> {
  const start = performance.now();
  for (let i = 0; i < runs || performance.now() - start < WARM_UP_MS; i++) for (const fn of fns) await fn();
  const times: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < fns.length; k++) {
      const t0 = performance.now();
      await fns[k]();
      times[k].push(performance.now() - t0);
    }
  }
  return times.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]);
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
  const [jsonMs, parseMs] = await medians(runs, [() => JSON.parse(text), () => parsePirProgram(text, file)]);
  const [openMs] = await medians(runs, [() => openModel(file)]);
  process.stdout.write(`${JSON.stringify({ file, bytes: Buffer.byteLength(text), ops, jsonMs, parseMs, openMs, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: String(e instanceof Error ? e.message : e) })}\n`);
  process.exitCode = 1;
});
