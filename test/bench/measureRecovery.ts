// Child process of `npm run bench -- args` (issue 15): the prototxt reader reading past syntax
// errors, as the language server reads. The same net three ways: clean, with a wrong value in
// one layer of every hundred (errors to recover from, every layer kept), and its bytes
// shuffled into garbage of the same size (error after error until the reader's limit); each next
// to the plain read of the clean net, which throws at the first error and so is the floor.
// Median of the runs after warm-up, one JSON line.
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { readPrototxt } from '../../src/core/formats/caffe/prototxtReader';
import { NetParameterType } from '../../src/core/formats/caffe/schema';
import { seededRandom } from '../support/random';

function median(runs: number, once: () => unknown): number {
  for (let i = 0; i < runs; i++) once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    once();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

function main(): void {
  const [file, runsText] = process.argv.slice(2);
  const runs = Number(runsText ?? '7');
  const clean = readFileSync(file, 'utf8');
  let seen = 0;
  // Every hundredth num_output made a word: a value error in that layer, the rest of it read.
  const broken = clean.replace(/num_output: \d+/g, (m) => (seen++ % 100 === 0 ? 'num_output: many' : m));
  const random = seededRandom(15);
  const chars = [...clean];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  const garbage = chars.join('');
  const read = (text: string) => () => readPrototxt(text, file, NetParameterType, { recover: true });
  const errors = (text: string) => read(text)().errors.length;
  process.stdout.write(`${JSON.stringify({
    bytes: clean.length,
    plainMs: median(runs, () => readPrototxt(clean, file, NetParameterType)),
    cleanMs: median(runs, read(clean)),
    brokenMs: median(runs, read(broken)),
    brokenErrors: errors(broken),
    garbageMs: median(runs, read(garbage)),
    garbageErrors: errors(garbage),
  })}\n`);
}

main();
