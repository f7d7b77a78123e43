// The language server's diagnostics for a prototxt: the reader's problems, and once the text
// parses, what assembling the net finds, placed on the layer it is about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { capDiagnostics, MAX_DIAGNOSTICS_PER_FILE } from '../../src/core/diagnostics/diagnostic';
import { prototxtModelDiagnostics } from '../../src/core/diagnostics/prototxtModelDiagnostics';
import { ModelService } from '../../src/core/modelService';
import { sharedModel, ifFullCorpus } from '../support/corpus';

const models = new ModelService();

test('a net whose shapes do not work out gets a warning on the layer', async () => {
  const text = [
    'name: "bad"',
    'input: "a"',
    'input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }',
    'input: "b"',
    'input_shape { dim: 1 dim: 3 dim: 4 dim: 4 }',
    'layer {',
    '  name: "cat"',
    '  type: "Concat"',
    '  bottom: "a"',
    '  bottom: "b"',
    '  top: "cat"',
    '}',
    '',
  ].join('\n');
  const found = await prototxtModelDiagnostics(models, '/virtual/bad.prototxt', text);
  assert.deepEqual(found.map((d) => [d.code, d.severity, d.range.line]), [['caffe.shape', 'warning', 6]]);
  assert.match(found[0].message, /cat/);
});

ifFullCorpus(test)('a syntax error is the one diagnostic; a clean real net has none', async () => {
  const broken = await prototxtModelDiagnostics(models, '/virtual/x.prototxt', 'layer {\n  name: "a"\n');
  assert.deepEqual(broken.map((d) => [d.code, d.severity]), [['caffe.syntax', 'error']]);
  const file = sharedModel('caffe', 'bvlc_googlenet', 'deploy.prototxt');
  assert.deepEqual(await prototxtModelDiagnostics(models, file, readFileSync(file, 'utf8')), []);
});

test('an empty net says it has no layers', async () => {
  const found = await prototxtModelDiagnostics(models, '/virtual/empty.prototxt', 'name: "nothing"\n');
  assert.deepEqual(found.map((d) => d.code), ['caffe.no-layers']);
});

test('a file with more problems than the cap gives the cap, then one saying how many more', async () => {
  const fields = Array.from({ length: 1500 }, (_, i) => `  unknown_${i}: ${i}`).join('\n');
  const text = `name: "many"\nlayer {\n  name: "a"\n  type: "ReLU"\n${fields}\n}\n`;
  const found = capDiagnostics(await prototxtModelDiagnostics(models, '/virtual/many.prototxt', text), (n) => `${n} more`);
  assert.equal(found.length, MAX_DIAGNOSTICS_PER_FILE + 1);
  assert.deepEqual(found.at(-1), { file: '/virtual/many.prototxt', range: found.at(-1)!.range, severity: 'info', code: 'npu-deploy.more-diagnostics', message: '500 more' });
  assert.equal(found.at(-1)!.range.line, 5 + MAX_DIAGNOSTICS_PER_FILE, 'placed at the first problem left out');
});
