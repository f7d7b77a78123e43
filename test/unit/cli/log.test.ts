// `npu-deploy log FILE [--json]` (issue 18 §3): one JSON object with exactly the fields,
// or a readable summary with the explanation of each known code; exit 0 success, 1 failure (or a
// file that cannot be read), 2 bad usage, 4 a log that stops before its verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { truncateSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../support/paths';
import { runCli } from '../../support/runCli';
import { tempDir } from '../../support/tempDir';

const fixture = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'logs', name);

test('log --json prints one object with exactly the contract\'s fields; a failed compare exits 1', async () => {
  const r = await runCli(['log', fixture('bmrt_test-cmp-failed-nntc.log'), '--json']);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout.trimEnd().split('\n').length, 1);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(report), ['tool', 'verdict', 'errors', 'warnings', 'timings', 'compare', 'model']);
  assert.equal(report.tool, 'bmrt_test');
  assert.equal(report.verdict, 'failure');
  assert.deepEqual(Object.keys(report.errors[0]), ['code', 'message', 'line']);
  assert.deepEqual(report.errors.map((e: { line: number }) => e.line), [17, 18, 19]);
  assert.deepEqual(Object.keys(report.compare), ['compared', 'passed', 'failed', 'firstFailure']);
});

test('log --json of a success exits 0; nulls where there is nothing to say', async () => {
  const r = await runCli(['log', fixture('atc-success-glued-warnings.log'), '--json']);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual([report.tool, report.verdict, report.errors, report.compare, report.model, report.timings], ['atc', 'success', [], null, null, {}]);
  assert.deepEqual(report.warnings.map((w: { code: string; line: number }) => [w.code, w.line]), [['W11001', 4], ['W11001', 4], ['W11001', 5]]);
});

test('log without --json: a summary with each error, its line and what to do; a cut log exits 4', async () => {
  const failed = await runCli(['log', fixture('atc-failed-input-shape.log')]);
  assert.equal(failed.status, 1);
  const lines = failed.stdout.split('\n');
  assert.equal(lines[0], 'tool: atc  verdict: failure');
  assert.equal(lines[1], 'errors (1):');
  assert.match(lines[2], /^ {2}line 4: E10016 Opname images specified in --input_shape is not found in the model\. .* Solution: Check whether the node name/);
  assert.match(lines[3], /^ {4}A node named in --input_shape or --out_nodes is not in the model\. What to do: Check the names/);
  const cut = await runCli(['log', fixture('msame-cut.log')]);
  assert.equal(cut.status, 4);
  assert.match(cut.stdout, /^tool: msame {2}verdict: incomplete\ntimings: firstInferenceMs 3\.9\nmodel: \.\/model\/resnet50_bs1\.om\n$/);
  const info = await runCli(['log', fixture('bmodel-info-two-nets.log')]);
  assert.equal(info.status, 0);
  assert.match(info.stdout, /^ {2}net detector \(dynamic\): inputs images \[1,3,640,640\] float32; outputs output0 \[1,84,8400\] float32$/m);
});

test('log: an unknown text is `unknown` and incomplete; a missing file exits 1 naming it; no FILE is bad usage', async (t) => {
  const dir = tempDir(t, 'npu-log-');
  const plain = path.join(dir, 'notes.txt');
  writeFileSync(plain, 'shopping: milk, eggs\n');
  const unknown = await runCli(['log', plain, '--json']);
  assert.equal(unknown.status, 4);
  assert.deepEqual(JSON.parse(unknown.stdout), { tool: 'unknown', verdict: 'incomplete', errors: [], warnings: [], timings: {}, compare: null, model: null });
  const missing = await runCli(['log', path.join(dir, 'gone.log')]);
  assert.equal(missing.status, 1);
  assert.equal(missing.stdout, '');
  assert.match(missing.stderr, /gone\.log: cannot read the log: ENOENT\n$/);
  // A sparse 300 MB file: too big to summarise, said in one line rather than an internal error.
  const huge = path.join(dir, 'huge.log');
  writeFileSync(huge, '');
  truncateSync(huge, 300 * 1024 * 1024);
  const big = await runCli(['log', huge]);
  assert.equal(big.status, 1);
  assert.match(big.stderr, /huge\.log: the log is 300 MB; npu-deploy log reads logs of up to 256 MB\n$/);
  const usage = await runCli(['log']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^npu-deploy log: missing argument/);
});
