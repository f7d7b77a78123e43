// A row's two tensors read back whole for its detail: on the ResNet-style dumps (an NC1HWC0
// float16 NPU dump, an NCHW float32 one, golden .npy files) the values are the ones the test
// wrote, in NCHW; rows naming their files relative to the results file's folder are found there.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compareDumps } from '../../../src/core/compare/compareDumps';
import type { CompareResult } from '../../../src/core/compare/compareResult';
import { readComparedTensors } from '../../../src/core/compare/comparedTensors';
import { tensorDetail } from '../../../src/core/compare/tensorDetail';
import { nodeFileAccess } from '../../../src/core/io/nodeFileAccess';
import { openModel } from '../../../src/core/openModel';
import { writeResnetDumps, type ResnetDumps } from '../../support/resnetDumps';

describe('readComparedTensors', () => {
  let dir: string;
  let dumps: ResnetDumps;
  let result: CompareResult;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'npu-cmp-tensors-'));
    dumps = writeResnetDumps(dir);
    const graph = (await openModel(dumps.prototxt)).graph;
    result = (await compareDumps(nodeFileAccess, { npu: dumps.npuDir, golden: dumps.goldenDir, graph })).result;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const layer of ['res2a_branch2a', 'res2a_branch2b']) {
    it(`reads ${layer}'s NPU dump and golden .npy as the values written`, async () => {
      const row = result.rows.find((r) => r.name === layer)!;
      const written = dumps.values.get(layer)!;
      const { npu, golden } = await readComparedTensors(nodeFileAccess, '/elsewhere', row);
      assert.deepEqual(Array.from(golden), Array.from(written.golden));
      // The NPU values are multiples of 1/64, exact in float16 as in float32.
      assert.deepEqual(Array.from(npu), Array.from(written.npu));
      // The detail's worst element is the one with the largest error, found here by a plain scan.
      let worst = 0;
      for (let i = 1; i < npu.length; i++) if (Math.abs(written.npu[i] - written.golden[i]) > Math.abs(written.npu[worst] - written.golden[worst])) worst = i;
      assert.equal(tensorDetail(npu, golden).worst[0].index, worst);
    });
  }

  it('finds files named relative to the results file\'s folder', async () => {
    const row = result.rows.find((r) => r.name === 'conv1')!;
    const relative = { ...row, npuFile: path.relative(dir, row.npuFile!), goldenFile: path.relative(dir, row.goldenFile!) };
    const { golden } = await readComparedTensors(nodeFileAccess, dir, relative);
    assert.deepEqual(Array.from(golden), Array.from(dumps.values.get('conv1')!.golden));
  });

  it('says which file is missing when the dumps were moved', async () => {
    const row = { ...result.rows[0], goldenFile: 'golden/gone.npy' };
    await assert.rejects(readComparedTensors(nodeFileAccess, dir, row), (e: unknown) => e instanceof Error && e.message.includes(path.join(dir, 'golden/gone.npy')));
  });
});
