// `info --json` writes a big model's nodes a slice at a time; the text is still exactly
// JSON.stringify(info, null, 2), the contract scripts read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { modelInfo } from '../../../src/core/modelInfo';
import { openModel } from '../../../src/core/openModel';
import { sameNamePrototxt } from '../../support/hostileModels';

const cli = path.resolve(__dirname, '../../../src/cli/main.js');

test('25,000 nodes (three slices), one node, and none: the same bytes as JSON.stringify', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-info-json-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const many = path.join(dir, 'many.prototxt');
  sameNamePrototxt(many, 25_000);
  const one = path.join(dir, 'one.prototxt');
  writeFileSync(one, 'name: "one"\nlayer { name: "a" type: "ReLU" bottom: "x" top: "y" }\n');
  const none = path.join(dir, 'none.prototxt');
  writeFileSync(none, '# nothing\n');
  for (const file of [many, one, none]) {
    const r = spawnSync(process.execPath, [cli, 'info', file, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${JSON.stringify(modelInfo(await openModel(file)), null, 2)}\n`, file);
  }
});
