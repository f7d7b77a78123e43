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

async function main() {
  const [file, runsText, mode] = process.argv.slice(2);
  const runs = Number(runsText ?? '5');
  const times: number[] = [];
  let nodes = 0;
  // Peak memory after the first open: what opening this file once costs. Later runs add the
  // garbage of earlier ones until the collector catches up, which no user sees.
  let firstPeakRssMB = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    if (mode === 'parse') {
      nodes = await parseOnly(file);
    } else {
      const model = await openModel(file, mode === 'no-weights' ? { noWeights: true } : {});
      nodes = model.graph.nodes.length;
    }
    times.push(performance.now() - t0);
    if (i === 0) firstPeakRssMB = process.resourceUsage().maxRSS / 1024;
  }
  const times0 = times[0];
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ file, bytes: statSync(file).size, nodes, runs, medianMs: median, firstMs: times0, peakRssMB, firstPeakRssMB })}\n`);
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: String(e instanceof Error ? e.message : e) })}\n`);
  process.exitCode = 1;
});
