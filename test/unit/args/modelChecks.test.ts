// The checks of a compile command against the model it names, on models the tests write: the
// sample classifier (input x [-1,3,32,32], output softmax_0.tmp_0), an NMS detector, a training
// checkpoint, a persistable folder and a PIR program. Paths are taken from the script's folder.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkScript } from '../../../src/core/args/checkScript';
import type { ArgDiagnostic } from '../../../src/core/args/argDiagnostic';
import { ModelService } from '../../../src/core/modelService';
import { writePaddleSample } from '../../../src/core/samples/paddleSample';
import { writeCaffeSample } from '../../../src/core/samples/caffeSample';
import { ifFullCorpus, sharedModel } from '../../support/corpus';
import { writeCheckpoint, writeNmsDetector, writePersistableFolder, writePirProgram } from '../../support/deployModels';
import { assertDeepEqualShowingAll } from '../../support/showAll';
import { tempDir } from '../../support/tempDir';

const placed = (ds: ArgDiagnostic[]) => ds.map((d) => [d.code, d.range.line, d.range.column, d.range.endColumn]);
const col = (text: string, piece: string, nth = 1) => {
  let at = -1;
  for (let k = 0; k < nth; k++) at = text.indexOf(piece, at + 1);
  return [at + 1, at + 1 + piece.length];
};

async function check(dir: string, line: string): Promise<ArgDiagnostic[]> {
  return checkScript(path.join(dir, 'compile.sh'), `${line}\n`, { models: new ModelService() });
}

const tail = '--net_name=n --target=BM1684';

/** dir/cls: the sample classifier, tiny_classifier.pdmodel + .pdiparams. */
async function classifier(dir: string): Promise<void> {
  mkdirSync(path.join(dir, 'cls'));
  await writePaddleSample(path.join(dir, 'cls'));
}

describe('compile commands against the model they name', () => {
  it('passes a command that agrees with the model', async (t) => {
    const dir = tempDir(t);
    await classifier(dir);
    const found = await check(dir, `python3 -m bmpaddle --model=cls --shapes=[1,3,32,32] --input_names=x --output_names=softmax_0.tmp_0 ${tail}`);
    assertDeepEqualShowingAll(found, [], 'diagnostics', found);
  });

  it('wants the folder, not the .pdmodel file, and offers the folder', async (t) => {
    const dir = tempDir(t);
    await classifier(dir);
    const line = `python3 -m bmpaddle --model=cls/tiny_classifier.pdmodel --shapes=[1,3,32,32] --input_names=x --output_names=softmax_0.tmp_0 ${tail}`;
    const found = await check(dir, line);
    assertDeepEqualShowingAll(placed(found), [['bmpaddle.model-not-folder', 1, ...col(line, 'cls/tiny_classifier.pdmodel')]], 'diagnostics', found);
    assert.equal(found[0].fixes?.[0].edits[0].newText, 'cls');
  });

  it('names the model\'s inputs, in order, for an input name it does not have, and fixes the dimension fixed in the model', async (t) => {
    const dir = tempDir(t);
    await classifier(dir);
    const line = `python3 -m bmpaddle --model=./cls --shapes=[1,3,64,32] --input_names=image --output_names=softmax_0.tmp_0 ${tail}`;
    const found = await check(dir, line);
    assertDeepEqualShowingAll(placed(found), [['bmpaddle.unknown-input-name', 1, ...col(line, 'image')]], 'diagnostics', found);
    assert.equal(found[0].message, 'the model has no input image; its inputs, in order: x');
    assert.equal(found[0].fixes?.[0].edits[0].newText, 'x');
    const shaped = await check(dir, line.replace('=image', '=x'));
    assertDeepEqualShowingAll(placed(shaped), [['bmpaddle.shape-mismatch', 1, ...col(line.replace('=image', '=x'), '64')]], 'diagnostics', shaped);
    assert.equal(shaped[0].fixes?.[0].edits[0].newText, '32');
  });

  it('fills missing --input_names, --output_names and --shapes from the model', async (t) => {
    const dir = tempDir(t);
    await classifier(dir);
    const line = `python3 -m bmpaddle --model=cls ${tail}`;
    const found = await check(dir, line);
    const fills = found.map((d) => [d.code, d.option, d.fixes?.[0]?.edits[0].newText, d.fixes?.[0]?.edits[0].range.column]);
    assertDeepEqualShowingAll(fills, [
      ['bmpaddle.missing-option', 'shapes', ' --shapes=[1,3,32,32]', line.length + 1],
      ['bmpaddle.missing-option', 'input_names', ' --input_names=x', line.length + 1],
      ['bmpaddle.missing-option', 'output_names', ' --output_names=softmax_0.tmp_0', line.length + 1],
    ], 'fixes', found);
  });

  it('gives the vendor\'s warning for an NMS model compared without --descs, with a skeleton to fill', async (t) => {
    const dir = tempDir(t);
    await writeNmsDetector(path.join(dir, 'det'));
    const line = `python3 -m bmpaddle --model=det --shapes=[1,2],[1,3,608,608],[1,2] --input_names=im_shape,image,scale_factor --output_names=nms_out ${tail}`;
    const found = await check(dir, line);
    assertDeepEqualShowingAll(placed(found), [['bmpaddle.nms-needs-descs', 1, 1, 20]], 'diagnostics', found);
    assert.match(found[0].message, /im_shape, scale_factor/);
    assert.equal(found[0].fixes?.[0].edits[0].newText, ` --descs='[0,fp32,608,609],[2,fp32,1,2]'`);
    assertDeepEqualShowingAll(await check(dir, `${line} --cmp=False`), [], 'with --cmp=False', undefined);
    assertDeepEqualShowingAll(await check(dir, `${line} --descs="[0,fp32,608,609],[2,fp32,1,2]"`), [], 'with --descs', undefined);
  });

  it('explains a training checkpoint, a persistable folder and a PIR program given as the model', async (t) => {
    const dir = tempDir(t);
    mkdirSync(path.join(dir, 'ckpt'));
    writeCheckpoint(path.join(dir, 'ckpt', 'model.pdparams'));
    writePersistableFolder(path.join(dir, 'persistables'));
    writePirProgram(path.join(dir, 'pir', 'inference.json'));
    const codes: string[] = [];
    for (const model of ['ckpt/model.pdparams', 'persistables', 'pir/inference.json', 'pir']) {
      const found = await check(dir, `python3 -m bmpaddle --model=${model} --shapes=[1,3,32,32] --input_names=x --output_names=y ${tail}`);
      assert.equal(found.length, 1, JSON.stringify(found));
      codes.push(found[0].code);
      if (found[0].code === 'bmpaddle.training-checkpoint') assert.match(found[0].message, /save_inference_model/);
      if (found[0].code === 'bmpaddle.pir-program') assert.match(found[0].message, /FLAGS_enable_pir_api=0/);
    }
    assert.deepEqual(codes, ['bmpaddle.training-checkpoint', 'bmpaddle.training-checkpoint', 'bmpaddle.pir-program', 'bmpaddle.pir-program']);
  });

  it('says so, softly, when the model is not where the script says', async (t) => {
    const dir = tempDir(t);
    const found = await check(dir, `python3 -m bmpaddle --model=nowhere --shapes=[1,3,32,32] --input_names=x --output_names=y ${tail}`);
    assertDeepEqualShowingAll(found.map((d) => [d.code, d.severity]), [['bmpaddle.model-not-found', 'info']], 'diagnostics', found);
  });

  it('reads Python compile() calls against the model too', async (t) => {
    const dir = tempDir(t);
    await classifier(dir);
    const text = 'import bmpaddle\nbmpaddle.compile(model="cls", shapes=[[1,3,32,32]], input_names=["data"], output_names=["softmax_0.tmp_0"], net_name="n", target="BM1684")\n';
    const found = await checkScript(path.join(dir, 'c.py'), text, { models: new ModelService() });
    assertDeepEqualShowingAll(placed(found), [['bmpaddle.unknown-input-name', 2, ...col(text.split('\n')[1], 'data')]], 'diagnostics', found);
    assert.equal(found[0].fixes?.[0].edits[0].newText, 'x');
  });
});

/** A depthwise net: one input, a grouped convolution with group == num_output. */
const depthwise = [
  'name: "dw"',
  'layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 8 dim: 16 dim: 16 } } }',
  'layer { name: "conv_dw" type: "Convolution" bottom: "data" top: "conv_dw" convolution_param { num_output: 8 group: 8 kernel_size: 3 pad: 1 } }',
  'layer { name: "relu" type: "ReLU" bottom: "conv_dw" top: "conv_dw" }',
  '',
].join('\n');

describe('compile commands against the Caffe prototxt they name', () => {
  it('bmnetc and bmnetu: one shape per net input', async (t) => {
    const dir = tempDir(t);
    await writeCaffeSample(dir);
    const line = 'bmnetc --model=lenet.prototxt --weight=lenet.caffemodel --target=BM1684 --shapes=[1,1,28,28],[1,2]';
    const found = await check(dir, line);
    assertDeepEqualShowingAll(placed(found), [['bmnetc.shapes-count', 1, ...col(line, '[1,1,28,28],[1,2]')]], 'diagnostics', found);
    assert.equal(found[0].message, '2 shapes for a net of 1 inputs (data): give one shape per input, in this order');
    assertDeepEqualShowingAll(await check(dir, line.replace(',[1,2]', '')), [], 'one shape', undefined);
  });

  it('ATC with a Caffe model: --input_shape names the net\'s inputs', async (t) => {
    const dir = tempDir(t);
    await writeCaffeSample(dir);
    const line = 'atc --model=lenet.prototxt --weight=lenet.caffemodel --framework=0 --output=lenet --soc_version=Ascend310 --input_shape="input:1,1,28,28"';
    const found = await check(dir, line);
    assertDeepEqualShowingAll(placed(found), [['atc.unknown-input-name', 1, ...col(line, 'input', 2)]], 'diagnostics', found);
    assert.equal(found[0].fixes?.[0].edits[0].newText, 'data');
  });

  it('calibration: -fpfwd_* layers must be in the prototxt; -accuracy_opt without depthwise convolutions is only slower', async (t) => {
    const dir = tempDir(t);
    await writeCaffeSample(dir);
    writeFileSync(path.join(dir, 'dw.prototxt'), depthwise);
    const line = 'calibration_use_pb quantize -model=lenet.prototxt -weights=lenet.fp32umodel -fpfwd_outputs=conv1,ip3 -accuracy_opt=true';
    const found = await check(dir, line);
    assertDeepEqualShowingAll(placed(found), [
      ['calibration_use_pb.unknown-layer', 1, ...col(line, 'ip3')],
      ['calibration_use_pb.accuracy-opt-no-depthwise', 1, ...col(line, '-accuracy_opt')],
    ], 'diagnostics', found);
    assert.deepEqual(found[0].fixes?.[0].edits.map((e) => e.newText), ['ip1']);
    const onDepthwise = await check(dir, 'calibration_use_pb quantize -model=dw.prototxt -weights=dw.fp32umodel -fpfwd_outputs=conv_dw -accuracy_opt=true');
    assertDeepEqualShowingAll(onDepthwise, [], 'a depthwise net', onDepthwise);
  });
});

ifFullCorpus(describe)('compile commands against sample models of the collection', () => {
  it('hints at the accumulated error of an OCR detector compared at compile time', async (t) => {
    const dir = tempDir(t);
    const det = sharedModel('paddle', 'ppocrv3_det');
    const line = `python3 -m bmpaddle --model=${det} --shapes=[1,3,640,640] --input_names=x --output_names=sigmoid_0.tmp_0 ${tail}`;
    const found = await check(dir, line);
    assertDeepEqualShowingAll(found.map((d) => [d.code, d.severity]), [['bmpaddle.ocr-det-cmp', 'info']], 'diagnostics', found);
    assertDeepEqualShowingAll(await check(dir, `${line} --cmp=0`), [], 'with --cmp=0', undefined);
  });

  it('reads the depthwise convolutions of a real MobileNet prototxt', async (t) => {
    const dir = tempDir(t);
    const mobilenet = sharedModel('caffe', 'mobilenet_caffe', 'mobilenet_deploy.prototxt');
    const found = await check(dir, `calibration_use_pb quantize -model=${mobilenet} -weights=m.fp32umodel -accuracy_opt=true`);
    assertDeepEqualShowingAll(found, [], 'diagnostics', found);
  });
});
