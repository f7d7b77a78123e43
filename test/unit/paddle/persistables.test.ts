// Which vars are parameters: the one rule the reader's params, the weights index and the writers
// share, on a program written out here so every kind of var is present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareNames, isParameterVar, isSavedVar, persistableNames, savedVarNames } from '../../../src/core/formats/paddle/persistables';
import { VarKind, type ProgramDesc, type VarDesc } from '../../../src/core/formats/paddle/programTypes';

const lodTensor = (name: string, persistable: boolean): VarDesc => ({
  name,
  type: { type: VarKind.LOD_TENSOR, lod_tensor: { tensor: { data_type: VarKind.FP32, dims: [2] } } },
  persistable,
});

const program: ProgramDesc = {
  blocks: [
    {
      idx: 0,
      parent_idx: -1,
      vars: [
        { name: 'feed', type: { type: VarKind.FEED_MINIBATCH }, persistable: true },
        { name: 'fetch', type: { type: VarKind.FETCH_LIST }, persistable: true },
        lodTensor('conv_w', true),
        lodTensor('x', false),
        { name: 'emb_rows', type: { type: VarKind.SELECTED_ROWS, selected_rows: { data_type: VarKind.FP32, dims: [4, 2] } }, persistable: true },
        // Code-unit order puts capitals before lower case: `Z_w` comes before `conv_w`.
        lodTensor('Z_w', true),
      ],
    },
    // A sub-block that declares a parameter of block 0 again and one of its own.
    { idx: 1, parent_idx: 0, vars: [lodTensor('conv_w', true), lodTensor('loop_w', true), lodTensor('loop_tmp', false)] },
  ],
};

test('params: persistable vars of every block, holders left out, sorted by code unit, once each', () => {
  assert.deepEqual(persistableNames(program), ['Z_w', 'conv_w', 'emb_rows', 'loop_w']);
});

test('saved vars: the params that are LoDTensors, in the order a combined weights file holds them', () => {
  assert.deepEqual(savedVarNames(program), ['Z_w', 'conv_w', 'loop_w']);
});

test('per var: holders and non-persistable vars are not parameters; a SelectedRows is one but is not saved', () => {
  const vars = new Map(program.blocks![0].vars!.map((v) => [v.name, v]));
  assert.deepEqual(
    [...vars.values()].map((v) => [v.name, isParameterVar(v), isSavedVar(v)]),
    [
      ['feed', false, false],
      ['fetch', false, false],
      ['conv_w', true, true],
      ['x', false, false],
      ['emb_rows', true, false],
      ['Z_w', true, true],
    ],
  );
});

test('compareNames orders by UTF-16 code unit, not by locale', () => {
  assert.deepEqual(['b', 'B', 'a_1', 'a.1', 'A'].sort(compareNames), ['A', 'B', 'a.1', 'a_1', 'b']);
});
