// Diagnostics on prototxt text come from the real Caffe reader, placed on the token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { prototxtDiagnostics } from '../../src/core/diagnostics/prototxtDiagnostics';
import { corpus, ifFullCorpus, sharedModel } from '../support/corpus';

ifFullCorpus(test)('a clean real prototxt has no diagnostics', () => {
  const file = sharedModel('caffe', 'bvlc_googlenet', 'deploy.prototxt');
  assert.deepEqual(prototxtDiagnostics(readFileSync(file, 'utf8'), file), []);
});

test('a lone syntax error is one error, placed where the reader found it', () => {
  const unclosed = prototxtDiagnostics('name: "x"\nlayer {\n  name: "a"\n  type: "ReLU"\n', 'x.prototxt');
  assert.deepEqual(
    unclosed.map((d) => [d.range.line, d.range.column, d.range.endColumn, d.severity, d.code]),
    [[2, 7, 8, 'error', 'caffe.syntax']],
  );
  assert.match(unclosed[0].message, /never closed/);
  const stray = prototxtDiagnostics('layer {\n  name: "a"\n}\n}\n', 'x.prototxt');
  assert.deepEqual(stray.map((d) => [d.range.line, d.range.column]), [[4, 1]]);
});

test('a value of the wrong type is an error on the value', () => {
  const text = 'layer {\n  name: "c"\n  type: "Convolution"\n  convolution_param { num_output: "many" }\n}\n';
  const [d] = prototxtDiagnostics(text, 'x.prototxt');
  assert.equal(d.severity, 'error');
  assert.equal(d.range.line, 4);
  assert.equal(text.split('\n')[3].slice(d.range.column - 1, d.range.endColumn - 1), '"many"');
});

// yolov3_caffe has no licence, so it is in the full corpus only.
ifFullCorpus(test)('an unknown field warns on its name', () => {
  const yolo = corpus.path('caffe', 'yolov3_caffe', 'yolov3-tiny.prototxt');
  const yoloText = readFileSync(yolo, 'utf8');
  const unknown = prototxtDiagnostics(yoloText, yolo).filter((d) => d.code === 'caffe.unknown-field');
  assert.ok(unknown.length > 0);
  assert.equal(unknown[0].severity, 'warning');
  assert.equal(unknown[0].range.line, 504);
  assert.equal(yoloText.split('\n')[503].slice(unknown[0].range.column - 1, unknown[0].range.endColumn - 1), 'upsample_param');
});

ifFullCorpus(test)('a known fork extension is only information', () => {
  const ssd = sharedModel('caffe', 'mobilenet_ssd', 'MobileNetSSD_deploy.prototxt');
  const vendor = prototxtDiagnostics(readFileSync(ssd, 'utf8'), ssd);
  assert.ok(vendor.length > 0);
  assert.ok(vendor.every((d) => d.code === 'caffe.vendor-extension' && d.severity === 'info'), JSON.stringify(vendor[0]));
});
