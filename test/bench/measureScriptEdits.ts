// Child process of `npm run bench` (issue 15): the language server as the extension runs it
// (dist/server.js over stdio) on a 1,000-line compile script of 100 bmpaddle calls against a
// model folder beside it (so the checks against the model run too). Each round changes one
// value in the middle of the script and times the change to the diagnostics of that version.
// Prints one JSON line: the median and the slowest of the rounds.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { writePaddleSample } from '../../src/core/samples/paddleSample';
import { LspClient } from '../support/lspClient';

const ROUNDS = 41;
const WARM_UP = 5;

/** 100 calls of ten lines each: comment, echo, and an eight-line command with continuations. */
function script(): string {
  const lines: string[] = ['#!/bin/bash', 'set -e'];
  for (let i = 0; lines.length + 10 <= 1000; i++) {
    lines.push(
      `# model ${i}`,
      `echo "compiling ${i}"`,
      'python3 -m bmpaddle \\',
      '  --model=cls \\',
      '  --shapes="[1,3,32,32]" \\',
      '  --input_names=x \\',
      '  --output_names=softmax_0.tmp_0 \\',
      `  --net_name=net_${i} --outdir=out_${i} \\`,
      '  --target=BM1684 --opt=1 \\',
      '  --cmp=True',
    );
  }
  while (lines.length < 1000) lines.push('');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const [server] = process.argv.slice(2);
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-bench-args-'));
  const client = new LspClient(server);
  try {
    mkdirSync(path.join(dir, 'cls'));
    await writePaddleSample(path.join(dir, 'cls'));
    const text = script();
    const file = path.join(dir, 'compile.sh');
    writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    await client.initialize();
    const first = await client.open(uri, 'shellscript', text);
    if (first.length !== 0) throw new Error(`the bench script is not clean: ${JSON.stringify(first[0])}`);
    // The `--opt=1` of the middle call: 1 → 2 → 1 …, each a new version.
    const line = text.split('\n').findIndex((l, i) => i > 500 && l.includes('--opt=1'));
    const character = text.split('\n')[line].indexOf('--opt=1') + '--opt='.length;
    const times: number[] = [];
    for (let round = 0; round < WARM_UP + ROUNDS; round++) {
      const version = round + 2;
      const published = client.diagnostics(uri, version);
      const start = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: round % 2 === 0 ? '2' : '1' }] });
      await published;
      if (round >= WARM_UP) times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    process.stdout.write(`${JSON.stringify({ lines: text.split('\n').length, bytes: text.length, rounds: ROUNDS, medianMs: times[Math.floor(times.length / 2)], maxMs: times[times.length - 1] })}\n`);
  } finally {
    client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: String(e) })}\n`);
  process.exitCode = 1;
});
