// `npu-deploy compare`, the real CLI on dump folders written here (test/support/resnetDumps.ts):
// --json prints exactly the CompareResult of issue 18 §5, --csv writes its file whole and leaves
// no temporary behind, the table names the first bad layer; exit 1 when a tensor fails, 0 when
// all pass, 1 with one line naming the file and the byte for a cut-short dump, 2 for bad usage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CompareResult } from '../../../src/core/compare/compareResult';
import { repoRoot } from '../../support/paths';
import { runCli } from '../../support/runCli';
import { writeResnetDumps } from '../../support/resnetDumps';
import { tempDir } from '../../support/tempDir';

const ROW_KEYS = ['name', 'tensor', 'shape', 'dtype', 'npuFile', 'goldenFile', 'cosine', 'maxAbsError', 'meanAbsError', 'rmse', 'relativeEuclidean', 'maxRelativeError', 'meanRelativeError', 'kl', 'pass'];

test('compare --json: exactly the result object, rows in the model\'s order, the perturbed layer first bad, exit 1', async (t) => {
  const dir = tempDir(t, 'npu-cli-compare-');
  const dumps = writeResnetDumps(dir);
  const r = await runCli(['compare', '--npu', dumps.npuDir, '--golden', dumps.goldenDir, '--model', dumps.prototxt, '--json']);
  assert.equal(r.status, 1, r.stderr);
  const json = JSON.parse(r.stdout) as CompareResult;
  assert.deepEqual(Object.keys(json), ['rows', 'unmatched', 'firstBad', 'summary']);
  assert.deepEqual(Object.keys(json.unmatched), ['npu', 'golden']);
  assert.deepEqual(Object.keys(json.summary), ['compared', 'passed', 'failed']);
  for (const row of json.rows) assert.deepEqual(Object.keys(row).filter((k) => k !== 'extra'), ROW_KEYS);
  assert.equal(json.firstBad, 'res2a_branch2a');
  assert.deepEqual(json.summary, { compared: 9, passed: 3, failed: 6 });
  assert.equal(json.rows[0].name, 'conv1');
  assert.ok(json.rows.some((row) => row.name === 'res2a/relu'), 'the model\'s own layer names');
});

test('compare --csv writes the file whole (no temporary left) and a table names the first bad layer', async (t) => {
  const dir = tempDir(t, 'npu-cli-compare-');
  const dumps = writeResnetDumps(dir);
  const csv = path.join(dir, 'result.csv');
  const r = await runCli(['compare', '--npu', dumps.npuDir, '--golden', dumps.goldenDir, '--model', dumps.prototxt, '--csv', csv]);
  assert.equal(r.status, 1, r.stderr);
  const lines = readFileSync(csv, 'utf8').trimEnd().split('\r\n');
  assert.equal(lines.length, 10);
  assert.ok(lines[0].startsWith(`${ROW_KEYS.join(',')},`));
  assert.ok(lines.some((l) => l.startsWith('res2a_branch2a,') && l.endsWith(',true')), 'the first bad row marked');
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  assert.match(r.stdout, /^9 compared, 3 passed, 6 failed; first bad layer: res2a_branch2a\n$/);

  const table = await runCli(['compare', '--npu', dumps.npuDir, '--golden', dumps.goldenDir, '--model', dumps.prototxt]);
  assert.equal(table.status, 1);
  assert.match(table.stdout, /res2a_branch2a .*FAIL \(cosine, relativeEuclidean\) {2}<- first bad layer/);
  assert.match(table.stdout, /unmatched NPU tensors \(1\): trans_TransData_3:output:0/);
  assert.match(table.stdout, /unmatched golden tensors \(1\): data\.0\.1699999999999999\.npy/);
});

test('compare: every tensor within bounds exits 0; looser bounds are set with --thresholds', async (t) => {
  const dir = tempDir(t, 'npu-cli-compare-');
  const dumps = writeResnetDumps(dir, 'none');
  const r = await runCli(['compare', '--npu', dumps.npuDir, '--golden', dumps.goldenDir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /9 compared, 9 passed, 0 failed; first bad layer: none\n$/);
  const strict = await runCli(['compare', '--npu', dumps.npuDir, '--golden', dumps.goldenDir, '--thresholds', 'maxAbsError=0.001', '--json']);
  assert.equal(strict.status, 1);
  const json = JSON.parse(strict.stdout) as CompareResult;
  assert.ok(json.rows.every((row) => row.extra?.failedMetrics?.includes('maxAbsError') === (row.maxAbsError! >= 0.001)));
});

test('compare: a cut-short dump is one line naming the file and the byte (exit 1); bad usage exits 2', async (t) => {
  const dir = tempDir(t, 'npu-cli-compare-');
  const dumps = writeResnetDumps(dir);
  const file = dumps.values.get('res2a_branch2b')!.npuFile;
  truncateSync(file, statSync(file).size - 10);
  const r = await runCli(['compare', '--npu', dumps.npuDir, '--golden', dumps.goldenDir]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
  assert.ok(r.stderr.startsWith(`${file}: byte `), r.stderr);
  assert.match(r.stderr, /cut short/);

  const missing = await runCli(['compare', '--npu', path.join(dir, 'nowhere'), '--golden', dumps.goldenDir]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /nowhere: cannot read the file \(ENOENT\)\n$/);
  for (const args of [['--npu', dumps.npuDir], ['--npu', dumps.npuDir, '--golden', dumps.goldenDir, '--json', '--csv', 'x.csv'], ['--npu', dumps.npuDir, '--golden', dumps.goldenDir, '--thresholds', 'cosin=1']]) {
    const usage = await runCli(['compare', ...args]);
    assert.equal(usage.status, 2, usage.stderr);
    assert.match(usage.stderr, /^npu-deploy compare: /);
  }
});

test('compare --info: raw .dat files split by what bm_model.bin --info printed, the net whose outputs fill the file', async (t) => {
  const dir = tempDir(t, 'npu-cli-compare-');
  // Two nets: detector (output0 [1,84,8400]) and classifier (495 [1,1000], 4,000 bytes).
  const info = path.join(repoRoot, 'test', 'fixtures', 'logs', 'bmodel-info-two-nets.log');
  const golden = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 7) + 0.5);
  const goldenFile = path.join(dir, 'output_ref_data.dat');
  writeFileSync(goldenFile, Buffer.from(golden.buffer));
  const same = path.join(dir, 'same', 'output_ref_data.dat.bmrt');
  mkdirSync(path.dirname(same));
  writeFileSync(same, Buffer.from(golden.buffer));
  const passed = await runCli(['compare', '--npu', same, '--golden', goldenFile, '--info', info, '--json']);
  assert.equal(passed.status, 0, passed.stderr);
  const ok = JSON.parse(passed.stdout) as CompareResult;
  assert.deepEqual(ok.rows.map((row) => [row.name, row.shape, row.cosine, row.pass]), [['495', [1, 1000], 1, true]]);

  // The device's output negated: cosine -1, and the largest absolute error twice the largest magnitude.
  const negated = path.join(dir, 'negated', 'output_ref_data.dat.bmrt');
  mkdirSync(path.dirname(negated));
  writeFileSync(negated, Buffer.from(golden.map((v) => -v).buffer));
  const failed = await runCli(['compare', '--npu', negated, '--golden', goldenFile, '--info', info, '--json']);
  assert.equal(failed.status, 1, failed.stderr);
  const bad = JSON.parse(failed.stdout) as CompareResult;
  assert.ok(Math.abs(bad.rows[0].cosine! + 1) < 1e-9, String(bad.rows[0].cosine));
  const largest = golden.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  assert.ok(Math.abs(bad.rows[0].maxAbsError! - 2 * largest) < 1e-5, String(bad.rows[0].maxAbsError));
  assert.equal(bad.firstBad, '495');

  // A file no net's outputs fill is split by the first net's, and refused naming the file.
  const odd = path.join(dir, 'odd', 'output_ref_data.dat.bmrt');
  mkdirSync(path.dirname(odd));
  writeFileSync(odd, Buffer.alloc(12));
  const refused = await runCli(['compare', '--npu', odd, '--golden', goldenFile, '--info', info]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr.trim(), new RegExp(`^${odd.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: byte \\d+: `));
});
