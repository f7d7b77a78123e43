// Child process of `npm run bench` (hostile input): the language server as the extension runs it
// (dist/server.js over stdio), a large prototxt opened, then many rapid one-character edits; the
// time from the last edit to the diagnostics of the final version. Prints one JSON line.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const [server, file, editsText] = process.argv.slice(2);
const edits = Number(editsText ?? '500');
const proc = spawn(process.execPath, [server, '--stdio'], { stdio: 'pipe' });
let buffer = Buffer.alloc(0);
const listeners: ((m: { id?: number; method?: string; params?: { version?: number } }) => void)[] = [];
proc.stdout.on('data', (chunk: Buffer) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())?.[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
    buffer = buffer.subarray(end + 4 + length);
    for (const l of listeners) l(message);
  }
});
const send = (message: object) => {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
  proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  proc.stdin.write(body);
};
const waitFor = (match: (m: { id?: number; method?: string; params?: { version?: number } }) => boolean) =>
  new Promise<void>((resolve) => listeners.push((m) => match(m) && resolve()));

async function main() {
  const uri = `file://${path.resolve(file)}`;
  const text = readFileSync(file, 'utf8');
  send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
  await waitFor((m) => m.id === 1);
  send({ method: 'initialized', params: {} });
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'caffe-prototxt', version: 1, text } } });
  await waitFor((m) => m.method === 'textDocument/publishDiagnostics');
  // Typing in a comment on line 1: every edit is a new version; only the last one's diagnostics count.
  for (let v = 2; v <= edits + 1; v++) {
    send({ method: 'textDocument/didChange', params: { textDocument: { uri, version: v }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }] } });
  }
  const sent = performance.now();
  await waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params?.version === edits + 1);
  process.stdout.write(`${JSON.stringify({ file, bytes: text.length, edits, latencyMs: performance.now() - sent })}\n`);
  proc.kill();
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: String(e) })}\n`);
  proc.kill();
  process.exitCode = 1;
});
