// The conversion form's prefill and its checks as the user types, on models read for real: an NMS
// detector the test writes (image [-1,3,608,608] between im_shape and scale_factor), the Caffe
// sample, and from the model collection PP-OCRv3's detector (x [-1,3,-1,-1]: H and W are asked
// for) and the MNIST deploy net beside its caffemodel. Expected fields come from the test's own
// knowledge of each model (what it wrote, or the collection's protoc-decoded reference).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkConversionForm, type FormCheck } from '../../../src/core/convert/conversionFormChecks';
import { formCommandLine, formCommandWords, formEnv, formFields, formToolArgs, prefillConversionForm, type ConversionForm } from '../../../src/core/convert/conversionForm';
import { openConversionModel } from '../../../src/core/convert/conversionJob';
import type { HostConfig, HostKind } from '../../../src/core/hosts/hostsFile';
import { ModelService } from '../../../src/core/modelService';
import { writeCaffeSample } from '../../../src/core/samples/caffeSample';
import { ifFullCorpus, sharedModel } from '../../support/corpus';
import { writeNmsDetector } from '../../support/deployModels';
import { tempDir } from '../../support/tempDir';

const HOSTS: HostConfig[] = [
  { name: 'bm', kind: 'sophon', target: 'BM1684X', workdir: '/tmp/npu-deploy' },
  { name: 'ascend box', kind: 'ascend', socVersion: 'Ascend310P3', workdir: '/tmp/npu-deploy' },
];

async function prefill(model: string, kind: HostKind): Promise<ConversionForm> {
  return prefillConversionForm({ model, kind, hosts: HOSTS.filter((h) => h.kind === kind), opened: await openConversionModel(model) });
}

async function check(form: ConversionForm): Promise<FormCheck> {
  const opened = await openConversionModel(form.model);
  const facts = opened && { framework: opened.framework, name: opened.name, inputs: opened.inputs, outputs: opened.outputs };
  return checkConversionForm(form, { models: new ModelService(), hosts: HOSTS.filter((h) => h.kind === form.kind), facts, format: opened?.format });
}

/** field → the codes' severities and messages, errors only unless `all`. */
const messages = (c: FormCheck, all = false) =>
  Object.fromEntries(Object.entries(c.fields).map(([k, v]) => [k, v.filter((m) => all || m.severity === 'error').map((m) => m.message)]).filter(([, v]) => v.length > 0));

describe('the conversion form', () => {
  it('prefills a Paddle detector for bmpaddle: batch 1, the host target, descs pinning im_shape to the image side', async (t) => {
    const dir = tempDir(t);
    await writeNmsDetector(dir);
    const model = path.join(dir, 'detector.pdmodel');
    const form = await prefill(model, 'sophon');
    assert.equal(form.tool, 'bmpaddle');
    assert.equal(form.host, 'bm');
    assert.equal(form.target, 'BM1684X');
    assert.equal(form.inputNames, 'im_shape,image,scale_factor');
    assert.equal(form.shapes, '[1,2],[1,3,608,608],[1,2]');
    assert.equal(form.outputNames, 'nms_out');
    assert.equal(form.netName, 'detector');
    assert.equal(form.opt, '1', 'bmpaddle documents opt 1 as its default');
    assert.equal(form.cmp, 'true');
    assert.equal(form.descs, '[0,fp32,608,609],[2,fp32,1,2]');
    assert.equal(form.outDir, dir);
    assert.deepEqual(formFields('bmpaddle'), ['host', 'tool', 'inputNames', 'outputNames', 'shapes', 'descs', 'netName', 'target', 'opt', 'cmp', 'statErr', 'outDir']);
    assert.deepEqual(formToolArgs(form), [
      '--input_names=im_shape,image,scale_factor',
      '--output_names=nms_out',
      '--shapes=[1,2],[1,3,608,608],[1,2]',
      '--descs=[0,fp32,608,609],[2,fp32,1,2]',
      '--net_name=detector',
      '--target=BM1684X',
      '--opt=1',
      '--cmp=true',
    ]);
    const clean = await check(form);
    assert.deepEqual([clean.ok, messages(clean, true), clean.general], [true, {}, []]);
  });

  it('says beside each field what the argument rules find as the user types', async (t) => {
    const dir = tempDir(t);
    await writeNmsDetector(dir);
    const form = await prefill(path.join(dir, 'detector.pdmodel'), 'sophon');

    const noDescs = await check({ ...form, descs: '' });
    assert.equal(noDescs.ok, true, 'a warning does not stop Convert');
    assert.match(noDescs.fields.descs?.[0]?.message ?? '', /NMS/);
    assert.equal(noDescs.fields.descs?.[0]?.severity, 'warning');

    const wrong = await check({ ...form, shapes: '[1,2],[1,3,600,608],[1,2]', opt: '3', target: 'bm1684' });
    assert.equal(wrong.ok, false);
    const errors = messages(wrong);
    assert.deepEqual(Object.keys(errors).sort(), ['opt', 'shapes', 'target']);
    assert.match(errors.shapes[0], /608/);

    const badName = await check({ ...form, inputNames: 'im_shape,img,scale_factor' });
    assert.deepEqual(Object.keys(messages(badName)), ['inputNames']);
    assert.match(messages(badName).inputNames[0], /img/);

    const pinned = await check({ ...form, descs: '[0,int32,608,608],[2,fp32,1,2]' });
    assert.deepEqual(Object.keys(messages(pinned)), ['descs']);

    const noHost = await check({ ...form, host: 'gone' });
    assert.deepEqual([noHost.ok, Object.keys(messages(noHost))], [false, ['host']]);
    const relative = await check({ ...form, outDir: 'out' });
    assert.deepEqual(Object.keys(messages(relative)), ['outDir']);
  });

  it('gives a Caffe net to bmnetc on Sophon, and to ATC with framework 0, its input shape, the soc version and the caffemodel', async (t) => {
    const dir = tempDir(t);
    const { prototxt, caffemodel } = await writeCaffeSample(dir);
    const sophon = await prefill(prototxt, 'sophon');
    assert.equal(sophon.tool, 'bmnetc');
    assert.equal(sophon.opt, '2', 'bmnetc documents opt 2 as its default');
    assert.ok(!formFields('bmnetc').includes('inputNames'), 'bmnetc takes no --input_names');
    assert.equal((await check(sophon)).ok, true);

    const ascend = await prefill(prototxt, 'ascend');
    assert.equal(ascend.tool, 'atc');
    assert.equal(ascend.host, 'ascend box');
    assert.deepEqual([ascend.framework, ascend.socVersion, ascend.weight], ['0', 'Ascend310P3', caffemodel]);
    assert.equal(ascend.inputShape, `data:${sophon.shapes.slice(1, -1)}`);
    assert.deepEqual(formFields('atc'), ['host', 'tool', 'framework', 'inputShape', 'socVersion', 'weight', 'outDir']);
    assert.deepEqual(formToolArgs(ascend), ['--framework=0', `--input_shape=${ascend.inputShape}`, '--soc_version=Ascend310P3']);
    const clean = await check(ascend);
    assert.deepEqual([clean.ok, messages(clean), clean.general], [true, {}, []]);
    const bad = await check({ ...ascend, framework: '2', inputShape: 'data:1,1;28,28' });
    assert.deepEqual(Object.keys(messages(bad)).sort(), ['framework', 'inputShape']);
  });

  it('refuses under the form what convert would refuse: ATC given a Paddle model', async (t) => {
    const dir = tempDir(t);
    await writeNmsDetector(dir);
    const form = await prefill(path.join(dir, 'detector.pdmodel'), 'ascend');
    assert.equal(form.framework, '');
    const c = await check(form);
    assert.equal(c.ok, false);
    assert.match(c.general.map((m) => m.message).join('\n'), /ONNX/);
  });

  it('writes the command line and its words as npu-deploy convert takes them, quoting hostile names', async (t) => {
    const dir = path.join(tempDir(t), `it's $(touch x); 模型`);
    await writeNmsDetector(dir);
    const form = await prefill(path.join(dir, 'detector.pdmodel'), 'sophon');
    const words = formCommandWords(form);
    assert.deepEqual(words.slice(0, 9), ['npu-deploy', 'convert', form.model, '--host', 'bm', '--tool', 'bmpaddle', '--out', dir]);
    assert.deepEqual(words.slice(9), ['--', ...formToolArgs(form)]);
    const line = formCommandLine(form);
    assert.ok(line.includes(`'${dir.replace(/'/g, `'\\''`)}/detector.pdmodel'`), line);
    assert.ok(line.includes(`'--shapes=[1,2],[1,3,608,608],[1,2]'`), 'brackets are quoted: a shell would glob them');
  });

  ifFullCorpus(it)('asks for the open dimensions of PP-OCRv3 detection (x [-1,3,-1,-1]) and takes them once written', async () => {
    const model = sharedModel('paddle', 'ppocrv3_det', 'model.pdmodel');
    const form = await prefill(model, 'sophon');
    assert.deepEqual([form.inputNames, form.shapes, form.outputNames], ['x', '[1,3,?,?]', 'sigmoid_0.tmp_0']);
    assert.equal(form.descs, '', 'no detection extra inputs');
    const open = await check(form);
    assert.deepEqual([open.ok, Object.keys(messages(open))], [false, ['shapes']]);
    const filled = await check({ ...form, shapes: '[1,3,640,640]' });
    assert.equal(filled.ok, true, JSON.stringify(filled));
  });

  ifFullCorpus(it)('prefills the MNIST deploy net with its own input shape and the caffemodel beside it', async () => {
    const prototxt = sharedModel('caffe', 'lenet_mnist_deploy', 'mnist_deploy.prototxt');
    const reference = JSON.parse(readFileSync(sharedModel('lenet_mnist_deploy.reference.json'), 'utf8')) as { entries: { file: string; net_name: string; inputs: string[] }[] };
    const deploy = reference.entries.find((e) => e.file === 'mnist_deploy.prototxt')!;
    const dims = /input_param\s*\{\s*shape:\s*\{([^}]*)\}/.exec(readFileSync(prototxt, 'utf8'))![1].match(/\d+/g)!.join(',');
    const ascend = await prefill(prototxt, 'ascend');
    assert.equal(ascend.netName, deploy.net_name);
    assert.equal(ascend.inputShape, `${deploy.inputs[0]}:${dims}`);
    assert.equal(ascend.weight, sharedModel('caffe', 'lenet_mnist_deploy', 'lenet_iter_10000.caffemodel'));
    const sophon = await prefill(prototxt, 'sophon');
    assert.equal(sophon.shapes, `[${dims}]`);
    assert.equal((await check(sophon)).ok, true);
  });

  it('per-layer error statistics: off at first, beside --cmp for the bmnet tools only; on, BMCOMPILER_STAT_ERR=1 leads the command line; with --cmp=false a warning', async (t) => {
    const dir = tempDir(t);
    await writeNmsDetector(dir);
    const form = await prefill(path.join(dir, 'detector.pdmodel'), 'sophon');
    assert.equal(form.statErr, '0');
    assert.equal(formFields('atc').includes('statErr'), false);
    assert.ok(formCommandLine(form).startsWith('npu-deploy convert '));
    const on = { ...form, statErr: '1' };
    assert.ok(formCommandLine(on).startsWith('BMCOMPILER_STAT_ERR=1 npu-deploy convert '), formCommandLine(on));
    assert.deepEqual(formEnv(on), { BMCOMPILER_STAT_ERR: '1' });
    // Not a tool option: TOOL-ARGS are the same either way.
    assert.deepEqual(formToolArgs(on), formToolArgs(form));
    // A tool that does not compare while compiling gets no such variable, whatever the field held.
    assert.deepEqual(formEnv({ ...on, tool: 'atc' }), {});
    const clean = await check(on);
    assert.deepEqual([clean.ok, messages(clean, true)], [true, {}]);
    const noCmp = await check({ ...on, cmp: 'false' });
    assert.equal(noCmp.ok, true, 'a warning does not stop Convert');
    assert.deepEqual(noCmp.fields.statErr?.map((m) => m.severity), ['warning']);
    assert.match(noCmp.fields.statErr?.[0]?.message ?? '', /--cmp=false/);
  });

  ifFullCorpus(it)('a Paddle 3 PIR program for bmpaddle: the refusal becomes the offer of the routes, and Convert goes through ONNX to bmneto', async () => {
    const model = sharedModel('paddle-pir', 'pplcnet_x0_25_textline_ori', 'inference.json');
    const form = await prefill(model, 'sophon');
    assert.equal(form.tool, 'bmpaddle');
    const routed = await check(form);
    assert.equal(routed.ok, true, JSON.stringify(routed));
    assert.deepEqual(routed.general, []);
    assert.equal(routed.pirRoute?.compiler, 'bmneto');
    assert.match(routed.pirRoute?.message ?? '', /bmpaddle reads only the legacy program/);
    assert.match(routed.pirRoute?.message ?? '', /FLAGS_enable_pir_api=0/);
    assert.match(routed.pirRoute?.message ?? '', /paddle2onnx/);
    // The fields are checked as the route's compiler takes them: a wrong count of shapes is still an error.
    const wrong = await check({ ...form, shapes: '[1,3,80,160],[1,2]' });
    assert.equal(wrong.ok, false);
    assert.ok(wrong.pirRoute, 'the offer stays while a field is wrong');
    // A tool that reads the program has no offer.
    const other = await check({ ...form, tool: 'bmneto' });
    assert.equal(other.pirRoute, undefined);
  });
});
