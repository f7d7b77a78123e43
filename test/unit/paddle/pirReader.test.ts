// The PIR reader on programs the tests write with the project's own writer: figures, names,
// attributes read by their own type ids, parameters as weights with their bytes, nested regions
// as groups, and the writer quirks of the fact sheet (kwargs repeating args, `#` value ids and
// full dialect names of an earlier writer, absent optional inputs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { openModel } from '../../../src/core/openModel';
import { modelInfo } from '../../../src/core/modelInfo';
import { looksLikePirProgram } from '../../../src/core/formats/paddle/pirFormat';
import { compressName, expandName } from '../../../src/core/formats/paddle/pirNames';
import { float32Value } from '../../../src/core/formats/paddle/pirAttributes';
import { compareCodePoints } from '../../../src/core/formats/paddle/pirParams';
import { encodePirParams, writePirModel } from '../../../src/core/formats/paddle/pirWriter';
import { controlFlowPirProgram, smallPirModel } from '../../support/pirModels';
import { tempDir } from '../../support/tempDir';

const encode = (s: string) => new TextEncoder().encode(s);

test('dialect ids expand and compress: 1.conv2d is pd_op.conv2d, p is builtin.parameter, unknown dialects stay whole', () => {
  assert.equal(expandName('1.conv2d'), 'pd_op.conv2d');
  assert.equal(expandName('0.combine'), 'builtin.combine');
  assert.equal(expandName('2.yield'), 'cf.yield');
  assert.equal(expandName('3.my_op'), 'custom_op.my_op');
  assert.equal(expandName('4.t_dist_dtensor'), 'pd_dist.t_dist_dtensor');
  assert.equal(expandName('p'), 'builtin.parameter');
  assert.equal(expandName('onednn_op.conv2d'), 'onednn_op.conv2d');
  assert.equal(expandName('pd_op.relu'), 'pd_op.relu');
  assert.equal(compressName('pd_op.relu'), '1.relu');
  assert.equal(compressName('builtin.parameter'), 'p');
  assert.equal(compressName('onednn_op.conv2d'), 'onednn_op.conv2d');
});

test('the sniff finds the magic in compact and indented programs, and nothing else', () => {
  assert.ok(looksLikePirProgram(encode('{"base_code":{"magic":"pir","trainable":true,"version":1},"program":{')));
  assert.ok(looksLikePirProgram(encode('{\n    "base_code": {\n        "magic": "pir",\n        "trainable": true\n')));
  assert.ok(!looksLikePirProgram(encode('{"base_code":{"magic":"onnx"}}')));
  assert.ok(!looksLikePirProgram(encode('{"name": "package.json", "base_code": {"magic": "pir"}}')));
  assert.ok(!looksLikePirProgram(encode('')));
});

test('float32 attributes written at double precision read back as the float32 the program meant', () => {
  assert.equal(float32Value(0.8999999761581421), 0.9);
  assert.equal(float32Value(9.999999747378752e-6), 0.00001);
  assert.equal(float32Value(1), 1);
});

test('parameter names sort by code point (UTF-8 byte order), not by UTF-16 unit', () => {
  const names = ['b', '\u{1F600}', 'a', '\uFF21', 'B'];
  assert.deepEqual([...names].sort(compareCodePoints), ['B', 'a', 'b', '\uFF21', '\u{1F600}']);
  // Code-unit order would put the emoji (a surrogate pair, D83D…) before U+FF21.
  assert.deepEqual([...names].sort(), ['B', 'a', 'b', '\u{1F600}', '\uFF21']);
});

test('a small PIR model the test writes: info figures, expanded names, weights paired by sorted name', async (t) => {
  const dir = tempDir(t, 'npu-pir-');
  const { builder, tensors } = smallPirModel();
  await writePirModel(path.join(dir, 'inference'), builder, tensors);
  const model = await openModel(path.join(dir, 'inference.json'));
  const info = modelInfo(model);
  assert.equal(info.framework, 'paddle');
  assert.equal(info.format, 'pir');
  assert.equal(info.name, path.basename(dir));
  assert.equal(info.nodeCount, 7);
  assert.deepEqual({ ...info.opTypes }, { 'builtin.parameter': 2, 'pd_op.data': 1, 'pd_op.conv2d': 1, 'pd_op.add': 1, 'pd_op.leaky_relu': 1, 'pd_op.fetch': 1 });
  assert.deepEqual(info.inputs, [{ name: 'x', shape: [-1, 3, 4, 4], dtype: 'float32' }]);
  assert.deepEqual(info.outputs, [{ name: 'fetch_name_0', shape: [-1, 2, 4, 4], dtype: 'float32' }]);
  assert.deepEqual(info.params, ['conv2d_0.b_0', 'conv2d_0.w_0']);
  assert.deepEqual(info.warnings, []);
  assert.deepEqual(
    info.nodes.map((n) => [n.id, n.type, n.inputs, n.outputs]),
    [
      ['conv2d_0.w_0', 'builtin.parameter', [], ['conv2d_0.w_0']],
      ['conv2d_0.b_0', 'builtin.parameter', [], ['conv2d_0.b_0']],
      ['x', 'pd_op.data', [], ['x']],
      ['%4', 'pd_op.conv2d', ['x', 'conv2d_0.w_0'], ['%4']],
      ['%5', 'pd_op.add', ['%4', 'conv2d_0.b_0'], ['%5']],
      ['%6', 'pd_op.leaky_relu', ['%5'], ['%6']],
      ['fetch_name_0', 'pd_op.fetch', ['%6'], ['fetch_name_0']],
    ],
  );
  const { graph } = model;
  assert.deepEqual(graph.inputs, ['x']);
  assert.deepEqual(graph.outputs, ['%6']);
  assert.deepEqual(graph.tensors['%4'], { id: '%4', name: '%4', shape: [-1, 2, 4, 4], dtype: 'float32', producer: '%4', consumers: ['%5'] });
  const conv = graph.nodes[3];
  assert.deepEqual({ ...conv.attributes }, { strides: [1, 1], paddings: [0, 0], padding_algorithm: 'EXPLICIT', dilations: [1, 1], groups: 1, data_format: 'NCHW', struct_name: '/Small/Conv2D/' });
  assert.deepEqual(conv.weights, [{ slot: 'in[1]', name: 'conv2d_0.w_0', key: 'conv2d_0.w_0', shape: [2, 3, 1, 1], dtype: 'float32' }]);
  assert.equal(graph.nodes[5].attributes.negative_slope, 0.9);
  assert.deepEqual({ ...graph.nodes[0].attributes }, { parameter_name: 'conv2d_0.w_0', is_distributed: false, is_parameter: true, need_clip: true, persistable: true, stop_gradient: false, trainable: true });
  // The weights file holds b before w (sorted), each record's bytes where the index says.
  assert.deepEqual(model.weights!.entries.map((e) => [e.key, e.dtype, e.shape]), [['conv2d_0.b_0', 'float32', [1, 2, 1, 1]], ['conv2d_0.w_0', 'float32', [2, 3, 1, 1]]]);
  assert.deepEqual([...new Float32Array((await model.weights!.read('conv2d_0.w_0')).slice().buffer)], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...new Float32Array((await model.weights!.read('conv2d_0.b_0')).slice().buffer)], [0.5, -0.5]);
});

test('the folder of a PIR model opens as its inference.json; separate parameter files beside __model__.json are its weights', async (t) => {
  const dir = tempDir(t, 'npu-pir-');
  const { builder, tensors } = smallPirModel();
  await writePirModel(path.join(dir, 'inference'), builder, tensors);
  writeFileSync(path.join(dir, 'inference.yml'), 'Global:\n  model_name: small\n');
  const fromFolder = await openModel(dir);
  assert.equal(fromFolder.file, path.join(dir, 'inference.json'));
  assert.equal(fromFolder.weights?.entries.length, 2);

  const separate = tempDir(t, 'npu-pir-sep-');
  writeFileSync(path.join(separate, '__model__.json'), builder.text());
  for (const tensor of tensors) writeFileSync(path.join(separate, tensor.name), encodePirParams([tensor]));
  const model = await openModel(path.join(separate, '__model__.json'));
  assert.deepEqual(model.weights!.entries.map((e) => [e.key, path.basename(e.file)]), [['conv2d_0.b_0', 'conv2d_0.b_0'], ['conv2d_0.w_0', 'conv2d_0.w_0']]);
  assert.deepEqual(model.warnings, []);
});

test('weights that disagree with the program, or are missing, are warned about by name', async (t) => {
  const dir = tempDir(t, 'npu-pir-');
  const { builder, tensors } = smallPirModel();
  await writePirModel(path.join(dir, 'model'), builder, [tensors[0], { ...tensors[1], dims: [2, 1, 1, 1], data: tensors[1].data.subarray(0, 8) }]);
  const model = await openModel(path.join(dir, 'model.json'));
  assert.deepEqual(model.warnings.map((w) => w.code), ['paddle.params-shape']);
  assert.match(model.warnings[0].message, /^conv2d_0\.b_0: the weights hold shape \[2, 1, 1, 1\] but the program declares \[1, 2, 1, 1\]$/);

  const bare = tempDir(t, 'npu-pir-');
  await writePirModel(path.join(bare, 'model'), builder);
  const graphOnly = await openModel(path.join(bare, 'model.json'));
  assert.deepEqual(graphOnly.warnings.map((w) => w.message), ['no weights found (looked for model.pdiparams); showing the graph only']);
  assert.equal(graphOnly.graph.nodes[3].weights[0].key, undefined);
});

test('control flow: if and while regions become nested groups, block arguments are values, fetches in col order', async (t) => {
  const dir = tempDir(t, 'npu-pir-');
  const file = path.join(dir, 'model.json');
  writeFileSync(file, controlFlowPirProgram().text());
  const model = await openModel(file);
  const info = modelInfo(model);
  assert.equal(info.nodeCount, 14);
  assert.deepEqual(info.outputs.map((o) => o.name), ['picked', 'looped']);
  assert.deepEqual(info.inputs, [{ name: 'a', shape: [], dtype: 'int64' }, { name: 'b', shape: [], dtype: 'int64' }]);
  const byType = (type: string) => model.graph.nodes.filter((n) => n.type === type);
  assert.deepEqual(byType('pd_op.scale').map((n) => n.group), [['pd_op.if region_1/block_1'], ['pd_op.if region_2/block_2']]);
  assert.deepEqual(byType('pd_op.increment_').map((n) => [n.group, n.inputs.map((p) => p.tensor)]), [[['pd_op.while region_3/block_3'], ['%-1']]]);
  // The absent optional input (id 0) is no port; the slot numbers keep their places.
  assert.deepEqual(byType('pd_op.scale')[0].inputs.map((p) => p.slot), ['in[0]']);
  assert.equal(byType('pd_op.scale')[1].attributes.bias, 'NaN');
  // Block numbers follow write order: the if's two blocks, then the while's.
  assert.deepEqual(byType('cf.yield').map((n) => n.block), [1, 2, 3]);
  if (model.source.format !== 'paddle-pir') throw new Error('not a PIR source');
  assert.deepEqual(model.source.program.blocks.map((b) => [b.name, b.depth, b.owner?.name ?? null, b.args.length]), [
    ['region_0/block_0', 0, null, 0],
    ['region_1/block_1', 1, 'pd_op.if', 0],
    ['region_2/block_2', 1, 'pd_op.if', 0],
    ['region_3/block_3', 1, 'pd_op.while', 1],
  ]);
});

test('tolerant of the writer quirks: kwargs repeating args, # value ids and full names, unknown attribute types', async (t) => {
  const dir = tempDir(t, 'npu-pir-');
  const tensor = { '#': 'builtin.t_dtensor', D: [{ '#': 'builtin.t_f32' }, [2], 'NCHW', [], 0] };
  const document = {
    base_code: { magic: 'pir', trainable: false, version: 2 },
    program: {
      regions: [
        {
          '#': 'region_0',
          blocks: [
            {
              '#': 'block_0',
              args: [{ '#': -1, TT: tensor }],
              kwargs: [{ '#': -1, TT: tensor }],
              ops: [
                // The design document's parameter: no OA (trainable false), no DA or QA.
                { '#': 'p', A: [0, 1, 0, 'w'], O: { '%': 3, TT: tensor } },
                // An earlier writer's parameter: an ordinary op named in full.
                { '#': 'builtin.parameter', A: [{ AT: { '#': 'builtin.a_str', D: 'v' }, N: 'parameter_name' }], O: [{ '#': 4, TT: tensor }] },
                { '#': 'pd_op.relu', I: [{ '#': -1 }], O: [{ '#': 1, TT: tensor }], A: [{ AT: { '#': 'pd_dist.a_op_dist', D: [[1], [], [], 0] }, N: 'op_dist_attr' }] },
                { '#': 'pd_op.fetch', I: [{ '#': 1 }], O: [{ '#': 2, TT: tensor }], A: [{ AT: { '#': 'builtin.a_str', D: 'out' }, N: 'name' }, { AT: { '#': 'builtin.a_i32', D: 0 }, N: 'col' }] },
              ],
            },
          ],
        },
      ],
    },
  };
  const file = path.join(dir, 'model.json');
  writeFileSync(file, JSON.stringify(document, null, 4));
  const model = await openModel(file);
  assert.deepEqual(model.graph.nodes.map((n) => [n.type, n.inputs.map((p) => p.tensor)]), [['builtin.parameter', []], ['builtin.parameter', []], ['pd_op.relu', ['%-1']], ['pd_op.fetch', ['%1']]]);
  assert.deepEqual(model.outputs, [{ name: 'out', shape: [2], dtype: 'float32' }]);
  assert.deepEqual(model.params, ['v', 'w']);
  assert.deepEqual(model.warnings.map((w) => w.code), ['paddle.unknown-attr-type', 'paddle.no-weights']);
  assert.deepEqual(model.graph.nodes[2].attributes.op_dist_attr, [[1], [], [], 0]);
  assert.equal(model.graph.nodes[0].attributes.persistable, true);
});

test('an attribute named __proto__ is data, not a prototype', async (t) => {
  const dir = tempDir(t, 'npu-pir-');
  const text = '{"base_code":{"magic":"pir","trainable":true,"version":1},"program":{"regions":[{"#":"region_0","blocks":[{"#":"block_0","args":[],"ops":[{"#":"1.full","A":[{"AT":{"#":"0.a_str","D":"x"},"N":"__proto__"},{"AT":{"#":"0.a_i64","D":3},"N":"constructor"}],"I":[],"O":[{"%":1,"TT":{"#":"0.t_i64"}}]}]}]}]}}';
  writeFileSync(path.join(dir, 'model.json'), text);
  const model = await openModel(path.join(dir, 'model.json'));
  const attributes = model.graph.nodes[0].attributes;
  assert.deepEqual(Object.keys(attributes), ['__proto__', 'constructor']);
  assert.equal(Object.getOwnPropertyDescriptor(attributes, '__proto__')?.value, 'x');
  assert.equal(Object.getPrototypeOf(attributes), Object.prototype);
  assert.equal(attributes.constructor, 3);
});

test('recognised by content: a PIR program under any name opens, a model.json that is not one is refused as no model', async (t) => {
  const dir = tempDir(t, 'npu-pir-');
  writeFileSync(path.join(dir, 'exported graph.json'), smallPirModel().builder.text());
  const model = await openModel(path.join(dir, 'exported graph.json'));
  assert.equal(model.format, 'pir');
  assert.equal(model.name, 'exported graph');
  const other = path.join(dir, 'model.json');
  writeFileSync(other, '{"name": "not a model", "layers": []}');
  await assert.rejects(openModel(other), (e: Error) => e.message === `${other}: not a Paddle or Caffe model (expected .pdmodel, __model__, model, a Paddle 3 program .json, .prototxt or .caffemodel)`);
});

test('opening the .pdiparams of a PIR model opens its inference.json with those weights', async (t) => {
  const dir = tempDir(t, 'npu-pir-');
  const { builder, tensors } = smallPirModel();
  await writePirModel(path.join(dir, 'inference'), builder, tensors);
  const model = await openModel(path.join(dir, 'inference.pdiparams'));
  assert.equal(model.file, path.join(dir, 'inference.json'));
  assert.equal(model.format, 'pir');
  assert.deepEqual(model.weights!.entries.map((e) => e.key), ['conv2d_0.b_0', 'conv2d_0.w_0']);
});
