// Child process of `npm run bench`: one tensor's detail (tensorDetail.ts: histogram, scatter
// sample, worst 20) on a pair of N-element float32 tensors, against one plain pass over the
// same pair that finds only the largest absolute error, the least any detail must do. Prints
// the medians of 5 runs after a warm-up and this process's peak resident memory as one JSON line.
import { performance } from 'node:perf_hooks';
import { tensorDetail } from '../../src/core/compare/tensorDetail';

function maxAbsError(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i] - b[i]);
    if (e > max) max = e;
  }
  return max;
}

function median(f: () => void): number {
  f();
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return times.sort((x, y) => x - y)[2];
}

const n = Number(process.argv[2] ?? 16_000_000);
const golden = new Float32Array(n);
const npu = new Float32Array(n);
// Deterministic values with a little noise, a few outliers (a cheap LCG: the numbers, not their randomness, matter).
let seed = 1684;
for (let i = 0; i < n; i++) {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  golden[i] = (seed / 4294967296 - 0.5) * 8;
  npu[i] = golden[i] + ((seed & 1023) === 0 ? 1 : (seed & 255) / 25600);
}
let checksum = 0;
const detailMs = median(() => (checksum += tensorDetail(npu, golden).worst.length));
const passMs = median(() => (checksum += maxAbsError(npu, golden)));
process.stdout.write(`${JSON.stringify({ n, detailMs, passMs, peakRssMB: process.resourceUsage().maxRSS / 1024, checksum })}\n`);
