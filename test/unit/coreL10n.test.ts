// The readers' errors and warnings come out in Chinese once core is given the zh-cn bundle (as the
// extension host and the language server do), while the file and the place before them — the
// part scripts and "go to" rely on — stay exactly as errors.ts writes them. Unconfigured, core
// speaks English (the CLI); this file resets to English when it is done.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prototxtDiagnostics } from '../../src/core/diagnostics/prototxtDiagnostics';
import { ModelFormatError } from '../../src/core/errors';
import { configureCoreL10n } from '../../src/core/l10n';
import { modelInfo } from '../../src/core/modelInfo';
import { openModel } from '../../src/core/openModel';
import { repoRoot } from '../support/paths';
import { corpus, ifFullCorpus, sharedModel } from '../support/corpus';

const zh = JSON.parse(readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const CJK = /[\u4e00-\u9fff]/;

async function formatError(file: string): Promise<ModelFormatError> {
  try {
    await openModel(file);
  } catch (e) {
    if (e instanceof ModelFormatError) return e;
    throw e;
  }
  assert.fail(`${file} opened without an error`);
}

describe('core messages in Chinese', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'npu-core-l10n-'));
    configureCoreL10n(zh);
  });
  after(() => {
    configureCoreL10n({});
    rmSync(dir, { recursive: true, force: true });
  });

  ifFullCorpus(it)('a truncated .pdmodel: Chinese detail after the unlocalised `file: byte N:`', async () => {
    const original = readFileSync(sharedModel('paddle', 'simple_model', 'model.pdmodel'));
    const file = path.join(dir, 'model.pdmodel');
    writeFileSync(file, original.subarray(0, 5000));
    const e = await formatError(file);
    assert.deepEqual(e.place, { kind: 'byte', offset: 5000 });
    assert.match(e.detail, /^文件被截断：block 0（起始于第 0 字节）需要 \d+ 字节，但其后只有 4997 字节$/);
    assert.ok(e.message.startsWith(`${file}: byte 5000: 文件被截断`), e.message);
  });

  ifFullCorpus(it)('truncated weights: the tensor and its sizes stay as data inside the Chinese sentence', async () => {
    const model = sharedModel('paddle', 'simple_model', 'model.pdmodel');
    const weights = path.join(dir, 'cut.pdiparams');
    writeFileSync(weights, readFileSync(sharedModel('paddle', 'simple_model', 'model.pdiparams')).subarray(0, 3000));
    const e = await openModel(model, { weights }).then(
      () => assert.fail('truncated weights opened'),
      (err: unknown) => err as ModelFormatError,
    );
    assert.ok(e instanceof ModelFormatError);
    assert.match(e.message, /^.*cut\.pdiparams: byte \d+: 张量 \[[\d, ]+\] float32 需要 \d+ 字节数据，但只剩 \d+ 字节：参数文件被截断或已损坏$/);
  });

  ifFullCorpus(it)('a training checkpoint: the advice is Chinese, the code to run is not translated', async () => {
    const e = await formatError(corpus.path('paddle', 'pdparams_training_checkpoint', 'latest.pdparams'));
    assert.match(e.detail, /^这是 Paddle 训练检查点中的参数文件（Python pickle，协议版本 \d）/);
    assert.ok(e.detail.includes('paddle.jit.save(model, path, input_spec=[paddle.static.InputSpec(shape=[...], dtype="float32")])'), e.detail);
    assert.ok(e.detail.includes('.pdiparams'));
  });

  it('a broken prototxt: `file:L:C:` then the Chinese reason', async () => {
    const file = path.join(dir, 'broken.prototxt');
    writeFileSync(file, 'name: "x"\nlayer {\n  name: "a"\n  type: "ReLU"\n');
    const e = await formatError(file);
    assert.deepEqual(e.place, { kind: 'text', line: 2, column: 7, endLine: 2, endColumn: 8 });
    assert.equal(e.message, `${file}:2:7: '{' 没有闭合`);

    const typed = path.join(dir, 'typed.prototxt');
    writeFileSync(typed, 'layer {\n  name: "c"\n  type: "Convolution"\n  convolution_param { num_output: many }\n}\n');
    assert.equal((await formatError(typed)).message, `${typed}:4:35: 字段 'num_output' 的值应为整数（uint32），实际为 'many'`);
  });

  it('warnings are Chinese too, in the model info and in the prototxt diagnostics', async () => {
    const file = path.join(dir, 'fork.prototxt');
    const text = 'name: "n"\ninput: "data"\ninput_shape { dim: 1 dim: 3 dim: 8 dim: 8 }\nlayer {\n  name: "up"\n  type: "Upsample"\n  bottom: "data"\n  top: "up"\n  upsample_param { scale: 2 }\n}\n';
    writeFileSync(file, text);
    const info = modelInfo(await openModel(file));
    assert.ok(info.warnings.includes(`${file}:9:3: 'upsample_param' 不是 caffe.LayerParameter 的字段（可能是某个 Caffe 分支版本的扩展？）；按原样保留`), info.warnings.join('\n'));
    const diagnostics = prototxtDiagnostics(text, file);
    assert.deepEqual(diagnostics.map((d) => [d.range.line, d.range.column, d.code]), [[9, 3, 'caffe.unknown-field']]);
    assert.ok(CJK.test(diagnostics[0].message), diagnostics[0].message);
    assert.ok(diagnostics[0].message.includes("'upsample_param'"));
  });

  it('with the bundle reset, the same problems read in English again', async () => {
    configureCoreL10n({});
    try {
      const file = path.join(dir, 'broken.prototxt');
      assert.equal((await formatError(file)).message, `${file}:2:7: '{' is never closed`);
      assert.equal(prototxtDiagnostics('layer {\n  name: "a\n}\n', 'x.prototxt')[0].message, 'string is not closed on its line');
    } finally {
      configureCoreL10n(zh);
    }
  });
});
