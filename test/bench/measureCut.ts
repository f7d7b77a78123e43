// Child process of `npm run bench`: `cut PROTOTXT OUT` exports the middle third of a Caffe net
// with its caffemodel (npu-deploy cut's core) and prints the time, this process's peak resident
// memory and the weight bytes written as one JSON line; `copy FILE OUT BYTES` copies that many
// bytes of FILE the plain way (a read stream piped into a file, synced like the export's files)
// for the reference. One process each, so each peak is its own.
import { performance } from 'node:perf_hooks';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { cutModel } from '../../src/core/cut/cutModel';
import { openModel } from '../../src/core/openModel';

async function cutMiddleThird(file: string, out: string): Promise<object> {
  const t0 = performance.now();
  const model = await openModel(file);
  const ids = model.graph.nodes.map((n) => n.id);
  const start = ids[Math.floor(ids.length / 3)];
  const openedMs = performance.now() - t0;
  // The last node before two thirds that the start reaches (a side branch may not).
  for (let k = Math.floor((2 * ids.length) / 3); k > ids.indexOf(start); k--) {
    const result = await cutModel(model, [start], [ids[k]], out);
    if ('refused' in result) continue;
    const ms = performance.now() - t0;
    const bytes = statSync(path.join(result.folder, 'dump.caffemodel')).size;
    return { ms, openedMs, bytes, nodes: result.nodes.length, peakRssMB: process.resourceUsage().maxRSS / 1024 };
  }
  throw new Error('no end in the middle third is reached from its start');
}

async function plainCopy(file: string, out: string, bytes: number): Promise<object> {
  const t0 = performance.now();
  const target = path.join(out, 'copy.bin');
  const size = statSync(file).size;
  const from = Math.max(0, Math.floor((size - bytes) / 2));
  await pipeline(createReadStream(file, { start: from, end: from + bytes - 1 }), createWriteStream(target));
  const handle = await open(target, 'r+');
  await handle.sync();
  await handle.close();
  return { ms: performance.now() - t0, bytes: statSync(target).size, peakRssMB: process.resourceUsage().maxRSS / 1024 };
}

async function main() {
  const [mode, file, out, bytes] = process.argv.slice(2);
  const result = mode === 'copy' ? await plainCopy(file, out, Number(bytes)) : await cutMiddleThird(file, out);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: String(e instanceof Error ? e.message : e) })}\n`);
  process.exitCode = 1;
});
