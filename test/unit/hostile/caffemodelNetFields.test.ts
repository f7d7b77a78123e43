// Crafted caffemodels whose net-level fields would eat memory: a huge field the schema does not
// know is skipped by its length without being read, and a million repeated `input` entries are
// read as one run, not an object each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { indexCaffemodel } from '../../../src/core/formats/caffe/caffemodelIndex';
import { openModel } from '../../../src/core/openModel';
import { bytesField, stringField, tag, varint } from '../caffe/wireBuilder';
import { countingFileAccess } from '../../support/countingFileAccess';
import { tempDir } from '../../support/tempDir';


test('16 unknown net-level fields of 60 MB each (a sparse 1 GB file) are skipped, not read', async (t) => {
  const file = path.join(tempDir(t, 'npu-hostile-'), 'sparse.caffemodel');
  const fd = openSync(file, 'w');
  let pos = 0;
  const write = (bytes: number[]) => {
    writeSync(fd, Uint8Array.from(bytes), 0, bytes.length, pos);
    pos += bytes.length;
  };
  write(stringField(1, 'sparse'));
  const big = 60 * 1024 * 1024;
  for (let i = 0; i < 16; i++) {
    write([...tag(50 + i, 2), ...varint(big)]);
    pos += big; // a hole: the bytes are zeros the file system never stores
  }
  write(bytesField(100, [...stringField(1, 'relu'), ...stringField(2, 'ReLU')]));
  closeSync(fd);
  const { fs, bytesRead } = countingFileAccess();
  const index = await indexCaffemodel(file, fs);
  assert.equal(index.net.name, 'sparse');
  assert.deepEqual(index.layers.map((l) => l.name), ['relu']);
  assert.equal(index.warnings.filter((w) => w.code === 'caffe.unknown-field').length, 16);
  assert.ok(bytesRead() < 2 * 1024 * 1024, `read ${bytesRead()} bytes of ${pos}`);
});

test('a million empty `input` entries are one run of settings, and the net opens', async (t) => {
  const file = path.join(tempDir(t, 'npu-hostile-'), 'inputs.caffemodel');
  const one = bytesField(3, []);
  const run = new Uint8Array(one.length * 1_000_000);
  for (let i = 0; i < run.length; i += one.length) run.set(one, i);
  const fd = openSync(file, 'w');
  writeSync(fd, Uint8Array.from(stringField(1, 'inputs')));
  writeSync(fd, run);
  writeSync(fd, Uint8Array.from(bytesField(100, [...stringField(1, 'relu'), ...stringField(2, 'ReLU'), ...stringField(3, ''), ...stringField(4, 'out')])));
  closeSync(fd);
  const index = await indexCaffemodel(file);
  // Records are ranges: the name, the run of inputs (in pieces of the read window), the layer.
  assert.ok(index.records.length < 100, `${index.records.length} records`);
  const model = await openModel(file);
  assert.deepEqual(model.inputs.map((i) => i.name), ['']);
  assert.equal(model.graph.nodes.length, 1);
});
