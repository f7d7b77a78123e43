// The tool's command line: what the model and the host fill in, what the user's TOOL-ARGS keep,
// and the arguments refused before anything reaches the host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentsRejected, toolInvocation, type ToolArgsRequest } from '../../../src/core/convert/toolArgs';
import { defaultTool } from '../../../src/core/convert/toolChoice';

const sophon = { name: 'bm', kind: 'sophon' as const, target: 'BM1684X', workdir: '/w' };
const ascend = { name: 'atlas', kind: 'ascend' as const, socVersion: 'Ascend310P3', workdir: '/w' };
const detection = {
  framework: 'paddle' as const,
  name: 'ppyoloe',
  inputs: [
    { name: 'image', shape: [-1, 3, 640, 640], dtype: 'float32' },
    { name: 'scale_factor', shape: [-1, 2], dtype: 'float32' },
  ],
  outputs: [{ name: 'multiclass_nms3_0.tmp_0', shape: null, dtype: 'float32' }],
};
const request = (over: Partial<ToolArgsRequest>): ToolArgsRequest => ({ tool: 'bmpaddle', userArgs: [], model: detection, extension: '.pdmodel', remoteModel: '/w/models/d', jobFolder: '/w/jobs/j', host: sophon, ...over });

test('bmpaddle: -1 batch dims become 1, names and net name from the model, target from the host; the user\'s options follow as given', () => {
  const { words, outputs } = toolInvocation(request({ userArgs: ['--cmp', '0', '--descs=[1,float32,0,2]'] }));
  assert.deepEqual(words, [
    'python3', '-m', 'bmpaddle', '--model=/w/models/d', '--target=BM1684X', '--shapes=[1,3,640,640],[1,2]', '--input_names=image,scale_factor',
    '--output_names=multiclass_nms3_0.tmp_0', '--net_name=ppyoloe', '--outdir=/w/jobs/j', '--cmp', '0', '--descs=[1,float32,0,2]',
  ]);
  assert.deepEqual(outputs.map((o) => o.name), ['compilation.bmodel', 'input_ref_data.dat', 'output_ref_data.dat']);
});

test('given options are not filled again; an unknown dim other than the batch must be given', () => {
  const { words } = toolInvocation(request({ userArgs: ['--target=BM1684', '--shapes=[4,3,640,640],[4,2]', '--net_name=det'] }));
  assert.equal(words.filter((w) => w.startsWith('--target')).length, 1);
  assert.ok(!words.includes('--shapes=[1,3,640,640],[1,2]'));
  assert.ok(words.includes('--net_name=det') && !words.includes('--net_name=ppyoloe'));
  const dynamic = { ...detection, inputs: [{ name: 'x', shape: [1, 3, -1, -1], dtype: 'float32' }] };
  assert.throws(() => toolInvocation(request({ model: dynamic })), (e: unknown) => e instanceof ArgumentsRejected && /input x has an unknown dimension 2 \(shape \[1, 3, -1, -1\]\)/.test(e.message));
  assert.doesNotThrow(() => toolInvocation(request({ model: dynamic, userArgs: ['--shapes=[1,3,320,320]'] })));
});

test('atc: Caffe gets framework 0, weight, output in the job folder, soc_version and input_shape; Paddle is refused', () => {
  const caffe = { framework: 'caffe' as const, name: 'lenet', inputs: [{ name: 'data', shape: [1, 1, 28, 28], dtype: 'float32' }], outputs: [] };
  const { words, outputs } = toolInvocation(request({ tool: 'atc', host: ascend, model: caffe, extension: '.prototxt', remoteModel: '/w/models/d/l.prototxt', remoteWeights: '/w/models/d/l.caffemodel' }));
  assert.deepEqual(words, ['atc', '--model=/w/models/d/l.prototxt', '--weight=/w/models/d/l.caffemodel', '--framework=0', '--output=/w/jobs/j/lenet', '--soc_version=Ascend310P3', '--input_shape=data:1,1,28,28']);
  assert.deepEqual(outputs, [{ name: 'lenet.om', required: true }]);
  assert.throws(() => toolInvocation(request({ tool: 'atc', host: ascend })), /ATC does not read Paddle models/);
  assert.throws(() => toolInvocation(request({ tool: 'atc', host: ascend, model: caffe, userArgs: ['--output=x'] })), /--output is set by npu-deploy/);
});

test('the default tool follows the model and the host', () => {
  assert.equal(defaultTool('m/model.pdmodel', 'paddle', 'sophon'), 'bmpaddle');
  assert.equal(defaultTool('deploy.prototxt', 'caffe', 'sophon'), 'bmnetc');
  assert.equal(defaultTool('yolo.ONNX', undefined, 'sophon'), 'bmneto');
  assert.equal(defaultTool('net.pt', undefined, 'sophon'), 'bmnetp');
  assert.equal(defaultTool('frozen.pb', undefined, 'sophon'), 'bmnett');
  assert.equal(defaultTool('yolov3.cfg', undefined, 'sophon'), 'bmnetd');
  assert.equal(defaultTool('deploy.prototxt', 'caffe', 'ascend'), 'atc');
  assert.equal(defaultTool('weights.bin', undefined, 'sophon'), undefined);
});
