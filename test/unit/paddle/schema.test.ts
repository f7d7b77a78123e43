// The schema the reader runs on is generated from our framework.proto; it must be current, and
// it must carry Paddle's numbers (a wrong number silently misreads every file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { frameworkSchema } from '../../../src/core/formats/paddle/schema.generated';
import { repoRoot } from '../../support/paths';

test('schema.generated.ts is up to date with framework.proto', () => {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'src', 'core', 'formats', 'paddle', 'genSchema.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

type Json = { nested?: Record<string, Json>; fields?: Record<string, { id: number; type: string; rule?: string }>; values?: Record<string, number> };
const proto = (frameworkSchema as Json).nested!.paddle.nested!.framework.nested!.proto.nested!;
const ids = (msg: Json) => Object.fromEntries(Object.entries(msg.fields!).map(([k, f]) => [k, f.id]));

test('ProgramDesc, BlockDesc, VarDesc and OpDesc carry Paddle field numbers', () => {
  assert.deepEqual(ids(proto.ProgramDesc), { blocks: 1, version: 4, op_version_map: 5 });
  assert.deepEqual(ids(proto.BlockDesc), { idx: 1, parent_idx: 2, vars: 3, ops: 4, forward_block_idx: 5 });
  assert.deepEqual(ids(proto.VarDesc), { name: 1, type: 2, persistable: 3, need_check_feed: 4, is_parameter: 5, stop_gradient: 6, attrs: 7 });
  assert.deepEqual(ids(proto.OpDesc), { type: 3, inputs: 1, outputs: 2, attrs: 4, is_target: 5 });
  assert.deepEqual(ids(proto.OpDesc.nested!.Attr), {
    name: 1, type: 2, i: 3, f: 4, s: 5, ints: 6, floats: 7, strings: 8, b: 10, bools: 11, block_idx: 12, l: 13,
    blocks_idx: 14, longs: 15, float64s: 16, var_name: 17, vars_name: 18, float64: 19, scalar: 20, scalars: 21,
  });
  assert.deepEqual(ids(proto.VarType.nested!.TensorDesc), { data_type: 1, dims: 2 });
  assert.equal(proto.VarType.nested!.TensorDesc.fields!.dims.type, 'int64');
});

test('AttrType and VarType.Type carry Paddle enum numbers', () => {
  assert.deepEqual(proto.AttrType.values, {
    INT: 0, FLOAT: 1, STRING: 2, INTS: 3, FLOATS: 4, STRINGS: 5, BOOLEAN: 6, BOOLEANS: 7, BLOCK: 8, LONG: 9,
    BLOCKS: 10, LONGS: 11, FLOAT64S: 12, VAR: 13, VARS: 14, FLOAT64: 15, SCALAR: 16, SCALARS: 17,
  });
  const types = proto.VarType.nested!.Type.values!;
  assert.deepEqual(
    [types.BOOL, types.INT64, types.FP32, types.LOD_TENSOR, types.FEED_MINIBATCH, types.FETCH_LIST, types.SIZE_T, types.UINT8, types.INT8, types.BF16],
    [0, 3, 5, 7, 9, 10, 19, 20, 21, 22],
  );
});
