// How `npu-deploy` ends when something goes wrong: bad usage exits 2, bad input 1 (the readers'
// one line, tested with every sample in infoReference.test.ts), and a failure of our own 70 with
// one line, the stack only under --debug. A reader that cannot work is our failure, not the
// model's: under node's --disallow-code-generation-from-strings protobufjs cannot generate its
// decoders (it builds them with new Function), so reading any Paddle program fails inside the
// reader. That is a real internal error, met without any test hook in the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { sharedModel, ifFullCorpus } from '../../support/corpus';

const cli = path.resolve(__dirname, '../../../src/cli/main.js');
const pdmodel = sharedModel('paddle', 'simple_model', 'model.pdmodel');
const noCodegen = '--disallow-code-generation-from-strings';

function runCli(args: string[], nodeOptions: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeOptions, cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

ifFullCorpus(test)('an internal error exits 70 with one line that says so', () => {
  const r = runCli(['info', pdmodel], [noCodegen]);
  assert.equal(r.status, 70, r.stderr);
  assert.equal(r.stderr, `npu-deploy: internal error: ${pdmodel}: reading the model failed inside the reader: Code generation from strings disallowed for this context\n`);
  assert.equal(r.stdout, '');
});

ifFullCorpus(test)('--debug adds the stack of an internal error and of its cause, before or after the command', () => {
  for (const args of [['--debug', 'info', pdmodel], ['info', pdmodel, '--debug']]) {
    const r = runCli(args, [noCodegen]);
    assert.equal(r.status, 70, r.stderr);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines[0], `npu-deploy: internal error: ${pdmodel}: reading the model failed inside the reader: Code generation from strings disallowed for this context`);
    assert.equal(lines[1], `InternalError: ${pdmodel}: reading the model failed inside the reader: Code generation from strings disallowed for this context`);
    assert.ok(lines.some((l) => /^\s+at .*openModel/.test(l)), r.stderr);
    // The reader's own exception, where it was thrown.
    const cause = lines.indexOf('caused by: EvalError: Code generation from strings disallowed for this context');
    assert.ok(cause > 1, r.stderr);
    assert.ok(lines.slice(cause).some((l) => /^\s+at .*decodePlain/.test(l)), r.stderr);
  }
});

ifFullCorpus(test)('--debug changes nothing when nothing fails', () => {
  const plain = runCli(['info', pdmodel, '--json']);
  const debug = runCli(['--debug', 'info', pdmodel, '--json']);
  assert.equal(plain.status, 0, plain.stderr);
  assert.deepEqual(debug, plain);
});

ifFullCorpus(test)('a prototxt is read without protobufjs generating code', () => {
  // protobufjs's types are built when a binary model needs them, not when the CLI starts.
  const r = runCli(['info', sharedModel('caffe', 'lenet_bvlc', 'lenet.prototxt')], [noCodegen]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^LeNet {2}\(caffe, prototxt\)$/m);
});

ifFullCorpus(test)('bad input exits 1 with the reader\'s line, not as an internal error', (t) => {
  // What a PaddleX-encrypted program starts with: 0xDE bytes, not a protobuf ProgramDesc.
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-cli-bad-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'model.pdmodel');
  writeFileSync(file, Buffer.alloc(4096, 0xde));
  const r = runCli(['info', file]);
  assert.equal(r.status, 1, r.stderr);
  assert.ok(r.stderr.startsWith(`${file}: `), r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});

test('bad usage exits 2 naming the command; an unknown command too', () => {
  const missing = runCli(['info']);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, 'npu-deploy info: missing argument\n');
  const unknown = runCli(['frobnicate']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /^npu-deploy: unknown command 'frobnicate'\nusage: /);
  // Not a command either: a name that only exists on Object.prototype.
  assert.equal(runCli(['toString']).status, 2);
});

ifFullCorpus(test)('a reader of the output that stops early is not an error', async () => {
  // `npu-deploy info m --json | head -1`: the pipe is closed before the CLI writes (EPIPE).
  const child = spawn(process.execPath, [cli, 'info', pdmodel, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  assert.equal(stderr, '');
  assert.equal(status, 0);
});
