// Child process of `npm run bench -- args` (issue 15): the language server as the extension runs
// it (dist/server.js over stdio) on a 20,000-layer prototxt (../shared/tools/gen-caffe-net.mjs).
// Each round changes the num_output of the middle convolution (512 → 511 → 512 …, shapes
// downstream change with it) and times the change to the diagnostics of that version; the
// server waits DEBOUNCE_MS after a prototxt change (typing in a big file), so that is reported
// too. Prints one JSON line: median and slowest of the rounds.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { LspClient } from '../support/lspClient';

const ROUNDS = 15;
const WARM_UP = 3;
/** src/server/server.ts DEBOUNCE_MS: the wait after a prototxt change before it is checked. */
const DEBOUNCE_MS = 300;

async function main(): Promise<void> {
  const [server, file] = process.argv.slice(2);
  const client = new LspClient(server);
  try {
    const text = readFileSync(file, 'utf8');
    const uri = pathToFileURL(path.resolve(file)).href;
    await client.initialize();
    const openStart = performance.now();
    await client.open(uri, 'caffe-prototxt', text);
    const openMs = performance.now() - openStart;
    const lines = text.split('\n');
    const candidates = lines.map((l, i) => (l.includes('num_output: 512') ? i : -1)).filter((i) => i >= 0);
    if (candidates.length === 0) throw new Error('no num_output: 512 in the net');
    const line = candidates[Math.floor(candidates.length / 2)];
    const character = lines[line].indexOf('512') + 2;
    const times: number[] = [];
    for (let round = 0; round < WARM_UP + ROUNDS; round++) {
      const version = round + 2;
      const published = client.diagnostics(uri, version);
      const start = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: round % 2 === 0 ? '1' : '2' }] });
      await published;
      if (round >= WARM_UP) times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const layers = (text.match(/^layer\s*\{/gm) ?? []).length;
    process.stdout.write(`${JSON.stringify({ layers, bytes: text.length, rounds: ROUNDS, debounceMs: DEBOUNCE_MS, openMs, medianMs: times[Math.floor(times.length / 2)], maxMs: times[times.length - 1] })}\n`);
  } finally {
    client.stop();
  }
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: String(e) })}\n`);
  process.exitCode = 1;
});
