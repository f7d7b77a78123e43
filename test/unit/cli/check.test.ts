// `npu-deploy check FILE… [--json]`: the contract of issue 15. One line per diagnostic as
// `file:line:col: severity code message`, or a JSON array of {file, line, column, endLine,
// endColumn, severity, code, message} (1-based); exit 1 when one is an error, 0 otherwise, 2 on
// bad usage. The files are paths as given.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { writePaddleSample } from '../../../src/core/samples/paddleSample';
import { writeNmsDetector } from '../../support/deployModels';
import { tempDir } from '../../support/tempDir';

const cli = path.resolve(__dirname, '../../../src/cli/main.js');

function runCli(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('check prints file:line:col: severity code message and exits 1 on an error', (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'bad.sh'), '#!/bin/sh\npython3 -m bmpaddle \\\n  \u2013model=./m --shapes=[1,3,224,224] --input_names=x \\\n  --output_names=y --net_name=n --target=BM1684 --descs "[0,int32,608,608]"\n');
  const r = runCli(dir, ['check', 'bad.sh']);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, [
    'bad.sh:3:3: error bmpaddle.dash-option \u2013model starts with an en dash (U+2013), not a hyphen: bmpaddle does not take it as option --model. Type the dashes again.',
    'bad.sh:3:10: info bmpaddle.model-not-found ./m is not found from the script folder; the checks against the model are skipped',
    'bad.sh:4:67: error bmpaddle.descs-range the range 608,608 is empty: it is half-open (the upper bound is excluded). To pin the input at 608, write 608,609',
    '',
  ].join('\n'));
  assert.equal(r.status, 1);
});

test('check --json gives the diagnostics as an array with 1-based places', (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'c.py'), 'import bmnetc\nbmnetc.compile(model="d.prototxt", weight="d.caffemodel", target="bm1684")\n');
  const r = runCli(dir, ['check', '--json', 'c.py']);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [
    { file: 'c.py', line: 2, column: 23, endLine: 2, endColumn: 33, severity: 'info', code: 'bmnetc.model-not-found', message: 'd.prototxt is not found from the script folder; the checks against the model are skipped' },
    { file: 'c.py', line: 2, column: 67, endLine: 2, endColumn: 73, severity: 'error', code: 'bmnetc.unknown-target', message: 'bm1684 is not a chip the compiler knows: BM1682, BM1684, BM1684X (upper case)' },
  ]);
});

test('check exits 0 with nothing printed for clean scripts, and 0 when there are only warnings', async (t) => {
  const dir = tempDir(t);
  mkdirSync(path.join(dir, 'cls'));
  await writePaddleSample(path.join(dir, 'cls'));
  await writeNmsDetector(path.join(dir, 'det'));
  writeFileSync(path.join(dir, 'ok.sh'), 'python3 -m bmpaddle --model=cls --shapes=[1,3,32,32] --input_names=x --output_names=softmax_0.tmp_0 --net_name=n --target=BM1684\n');
  writeFileSync(path.join(dir, 'nms.sh'), 'python3 -m bmpaddle --model=det --shapes=[1,2],[1,3,608,608],[1,2] --input_names=im_shape,image,scale_factor --output_names=nms_out --net_name=n --target=BM1684\n');
  const clean = runCli(dir, ['check', 'ok.sh']);
  assert.deepEqual([clean.status, clean.stdout, clean.stderr], [0, '', '']);
  const warned = runCli(dir, ['check', 'ok.sh', 'nms.sh', '--json']);
  assert.equal(warned.status, 0, warned.stderr);
  assert.deepEqual(JSON.parse(warned.stdout).map((d: { file: string; code: string; severity: string }) => [d.file, d.code, d.severity]), [['nms.sh', 'bmpaddle.nms-needs-descs', 'warning']]);
});

test('check reports an unreadable file as an error and goes on; no file is bad usage', (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'ok.sh'), 'bmnetc --model=a.prototxt --weight=a.caffemodel --target=BM1684\n');
  const r = runCli(dir, ['check', 'missing.sh', 'ok.sh']);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, [
    'missing.sh:1:1: error check.unreadable cannot read the file (ENOENT)',
    'ok.sh:1:16: info bmnetc.model-not-found a.prototxt is not found from the script folder; the checks against the model are skipped',
    '',
  ].join('\n'));
  const usage = runCli(dir, ['check']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^npu-deploy check: missing argument/);
});

test('check reads a prototxt with the language server\'s prototxt diagnostics', (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'fork.prototxt'), 'name: "F"\ninput: "data"\ninput_shape { dim: 1 dim: 3 dim: 8 dim: 8 }\nlayer { name: "up" type: "ReLU" bottom: "data" top: "up" upsample_param { scale: 2 } }\n');
  writeFileSync(path.join(dir, 'broken.prototxt'), 'name: "B"\nlayer {\n  name: "conv1\n}\n');
  const warned = runCli(dir, ['check', 'fork.prototxt']);
  assert.equal(warned.status, 0, warned.stderr);
  assert.equal(warned.stdout, "fork.prototxt:4:58: warning caffe.unknown-field 'upsample_param' is not a field of caffe.LayerParameter (a fork's extension?); kept as written\n");
  const broken = runCli(dir, ['check', 'broken.prototxt']);
  assert.equal(broken.status, 1);
  assert.equal(broken.stdout, 'broken.prototxt:3:9: error caffe.syntax string is not closed on its line\n');
});

test('check shows every syntax error of a prototxt; info still stops at the first, in one line', (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'two.prototxt'), 'name: "T"\nlayer {\n  name: "a" type: "ReLU"\n  bottom: 5\n}\nlayer {\n  name: "b\n  type: "ReLU"\n}\n');
  const checked = runCli(dir, ['check', 'two.prototxt']);
  assert.equal(checked.status, 1);
  assert.equal(checked.stdout, [
    "two.prototxt:4:11: error caffe.syntax field 'bottom' takes a quoted string, found '5'",
    'two.prototxt:7:9: error caffe.syntax string is not closed on its line',
    '',
  ].join('\n'));
  const info = runCli(dir, ['info', 'two.prototxt']);
  assert.notEqual(info.status, 0);
  assert.equal(info.stderr.trim().split('\n').length, 1, info.stderr);
  assert.match(info.stderr, /two\.prototxt.*4.*11.*field 'bottom' takes a quoted string, found '5'/);
  assert.doesNotMatch(info.stderr, /not closed on its line/);
});
