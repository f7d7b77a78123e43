// Child process of `npm run bench -- args` (issue 15): the language server as the extension runs
// it (dist/server.js over stdio) on a 20,000-layer prototxt (../shared/tools/gen-caffe-net.mjs).
// Each round changes the num_output of the middle convolution (512 → 511 → 512 …, shapes
// downstream change with it) and times the change to the diagnostics of that version. Each round
// is a change after a pause, which the server checks at once (QUICK_MS); the same rounds again
// with an outline request sent after each change (as VS Code's outline does), answered from the
// same read; and typing bursts (BURST keystrokes TYPING_MS apart), which wait DEBOUNCE_MS after
// the last one. Prints one JSON line: median and slowest of the rounds.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { LspClient } from '../support/lspClient';
import { DEBOUNCE_MS, QUICK_MS } from '../../src/server/prototxtDebounce';

const ROUNDS = 15;
const WARM_UP = 3;
const BURSTS = 5;
const BURST = 5;
const TYPING_MS = 60;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
    let version = 1;
    const edit = (digit: string) => client.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: digit }] });
    /** Median and slowest of `rounds` timed rounds after the warm-up ones. */
    const measure = async (rounds: number, warmUp: number, round: (i: number) => Promise<number>) => {
      const times: number[] = [];
      for (let i = 0; i < warmUp + rounds; i++) {
        const ms = await round(i);
        if (i >= warmUp) times.push(ms);
        // A pause between rounds, as between two edits of a user looking at the result.
        await sleep(200);
      }
      times.sort((x, y) => x - y);
      return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
    };
    const single = await measure(ROUNDS, WARM_UP, async (i) => {
      const start = performance.now();
      edit(i % 2 === 0 ? '1' : '2');
      await client.diagnostics(uri, version);
      return performance.now() - start;
    });
    const withOutline = await measure(ROUNDS, WARM_UP, async (i) => {
      const start = performance.now();
      edit(i % 2 === 0 ? '1' : '2');
      const published = client.diagnostics(uri, version);
      const symbols = client.request('textDocument/documentSymbol', { textDocument: { uri } });
      await published;
      const ms = performance.now() - start;
      await symbols;
      return ms;
    });
    const typing = await measure(BURSTS, 1, async () => {
      for (let k = 0; k < BURST - 1; k++) {
        edit(k % 2 === 0 ? '1' : '2');
        await sleep(TYPING_MS);
      }
      const start = performance.now();
      edit('2');
      await client.diagnostics(uri, version);
      return performance.now() - start;
    });
    const layers = (text.match(/^layer\s*\{/gm) ?? []).length;
    process.stdout.write(`${JSON.stringify({
      layers, bytes: text.length, rounds: ROUNDS, debounceMs: QUICK_MS, openMs, medianMs: single.median, maxMs: single.max,
      outlineMedianMs: withOutline.median, outlineMaxMs: withOutline.max,
      bursts: BURSTS, burst: BURST, typingMs: TYPING_MS, typingDebounceMs: DEBOUNCE_MS, typingMedianMs: typing.median, typingMaxMs: typing.max,
    })}\n`);
  } finally {
    client.stop();
  }
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: String(e) })}\n`);
  process.exitCode = 1;
});
