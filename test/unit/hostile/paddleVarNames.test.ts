// Per-variable weight files named after crafted vars: a NUL in the name, a name longer than a file
// name may be, a name through a file, a FIFO. Each costs that var its weights, with a warning
// naming it, like a missing file; the program and the other weights still open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readProgramFile } from '../../../src/core/formats/paddle/programReader';
import { writeProgram } from '../../../src/core/formats/paddle/programWriter';
import { VarKind, type VarDesc } from '../../../src/core/formats/paddle/programTypes';
import { openModel } from '../../../src/core/openModel';
import { sharedModel, ifFullCorpus } from '../../support/corpus';

ifFullCorpus(test)('crafted var names cost only their own weights, each with a warning naming the var', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-varnames-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of ['fc_0.b_0', 'fc_0.w_0']) copyFileSync(sharedModel('paddle', 'uci_housing_fit_a_line', name), path.join(dir, name));
  assert.equal(spawnSync('mkfifo', [path.join(dir, 'a_fifo')]).status, 0);
  const crafted = ['with\u0000nul', 'x'.repeat(300), 'fc_0.b_0/through_a_file', 'a_fifo'];
  const program = await readProgramFile(sharedModel('paddle', 'uci_housing_fit_a_line', '__model__'));
  const tensorVar = (name: string): VarDesc => ({ name, type: { type: VarKind.LOD_TENSOR, lod_tensor: { tensor: { data_type: VarKind.FP32, dims: [1] } } }, persistable: true });
  program.blocks![0].vars!.push(...crafted.map(tensorVar));
  await writeProgram(path.join(dir, '__model__'), program);

  const model = await openModel(path.join(dir, '__model__'));
  assert.deepEqual(model.weights?.entries.map((e) => e.key).sort(), ['fc_0.b_0', 'fc_0.w_0']);
  const unreadable = model.warnings.filter((w) => w.code === 'paddle.params-unreadable').map((w) => w.message);
  assert.equal(unreadable.length, 4, unreadable.join('\n'));
  for (const [name, code] of [['with\\u0000nul', 'ERR_INVALID_ARG_VALUE'], ['x'.repeat(300), 'ENAMETOOLONG'], ['fc_0.b_0/through_a_file', 'ENOTDIR'], ['a_fifo', 'ENOTREG']]) {
    assert.ok(unreadable.some((m) => m.includes(`"${name}"`) && m.includes(`(${code})`)), `${name}: ${unreadable.join('\n')}`);
  }
  // The one-line form has no raw NUL.
  assert.ok(model.warnings.every((w) => !w.message.includes('\u0000')));
});
