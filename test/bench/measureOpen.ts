// Child process of `npm run bench`: opens one model several times and prints the median time and
// this process's peak resident memory as one JSON line. One process per file, so a big file's
// peak memory is its own and not an earlier file's.
import { performance } from 'node:perf_hooks';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { openModel } from '../../src/core/openModel';
import { readPrototxt } from '../../src/core/formats/caffe/prototxtReader';
import { NetParameterType, SolverParameterType } from '../../src/core/formats/caffe/schema';
import { textKind } from '../../src/core/formats/caffe/openCaffe';
import { indexCaffemodel } from '../../src/core/formats/caffe/caffemodelIndex';
import { readProgramFile } from '../../src/core/formats/paddle/programReader';

/**
 * `parse`: only the format's own reader (prototxt text → message with positions, protobuf bytes
 * → ProgramDesc, caffemodel → layer and blob index), without weights pairing, graph or shapes.
 */
async function parseOnly(file: string): Promise<number> {
  if (/\.(prototxt|pbtxt)$/.test(file)) {
    const text = await readFile(file, 'utf8');
    const doc = readPrototxt(text, file, textKind(text) === 'solver' ? SolverParameterType : NetParameterType);
    return Array.isArray(doc.message.layer) ? doc.message.layer.length : 0;
  }
  if (file.endsWith('.caffemodel')) return (await indexCaffemodel(file)).layers.length;
  const program = await readProgramFile(file);
  return (program.blocks ?? []).reduce((n, b) => n + (b.ops?.length ?? 0), 0);
}

/** Opens not counted in the median: the JIT's tiers settle over the first few. */
const WARM_UP_RUNS = 5;

async function main() {
  const [file, runsText, mode] = process.argv.slice(2);
  const runs = Number(runsText ?? '5');
  let nodes = 0;
  const once = async (): Promise<number> => {
    const t0 = performance.now();
    if (mode === 'parse') {
      nodes = await parseOnly(file);
    } else {
      const model = await openModel(file, mode === 'no-weights' ? { noWeights: true } : {});
      nodes = model.graph.nodes.length;
    }
    return performance.now() - t0;
  };
  // The first open is the cold one a user meets in a fresh window; the peak memory after it is
  // what opening this file once costs (later runs add the garbage of earlier ones).
  const firstMs = await once();
  const firstPeakRssMB = process.resourceUsage().maxRSS / 1024;
  const warmUps = runs >= 11 ? WARM_UP_RUNS : 0;
  for (let i = 0; i < warmUps; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ file, bytes: statSync(file).size, nodes, runs, medianMs: median, firstMs, peakRssMB, firstPeakRssMB })}\n`);
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: String(e instanceof Error ? e.message : e) })}\n`);
  process.exitCode = 1;
});
