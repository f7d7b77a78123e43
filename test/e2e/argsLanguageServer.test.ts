// The compiler-argument checks through the real language server (dist/server.js over stdio):
// diagnostics with their ranges and codes on shell scripts and Python files, quick fixes as code
// actions, hover on an option, completion of option names, enum values and the model's input
// names. On models the tests write, and, with the collection, on real sample models.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { writePaddleSample } from '../../src/core/samples/paddleSample';
import { ifFullCorpus, sharedModel } from '../support/corpus';
import { LspClient, rangeOf, type LspDiagnostic, type Range } from '../support/lspClient';
import { sharedModelsRoot } from '../support/paths';
import { assertDeepEqualShowingAll } from '../support/showAll';
import { tempDir } from '../support/tempDir';


const placed = (ds: LspDiagnostic[]) => ds.map((d) => [d.code, d.range]);

interface CodeAction { title: string; kind: string; edit: { changes: Record<string, { range: Range; newText: string }[]> } }
interface CompletionItem { label: string; textEdit?: { newText: string; range: Range } }

async function withServer<T>(locale: string, body: (client: LspClient) => Promise<T>): Promise<T> {
  const client = new LspClient();
  try {
    const init = await client.initialize(locale);
    assert.deepEqual(
      [init.capabilities.codeActionProvider, init.capabilities.hoverProvider, Boolean(init.capabilities.completionProvider)],
      [{ codeActionKinds: ['quickfix'] }, true, true],
    );
    return await body(client);
  } finally {
    client.stop();
  }
}

/** dir/cls holds the sample classifier: input x [-1,3,32,32], output softmax_0.tmp_0. */
async function classifier(dir: string): Promise<void> {
  mkdirSync(path.join(dir, 'cls'));
  await writePaddleSample(path.join(dir, 'cls'));
}

const script = [
  '#!/bin/bash',
  'set -e',
  'python3 -m bmpaddle \\',
  '  \u2013model=./cls \\',
  '  --shapes="[1,3,32,32]" \\',
  '  --input_names=image --output_names=softmax_0.tmp_0 \\',
  '  --net_name=tiny --target=BM1684 \\',
  '  --descs "[0,int32,608,608]" --opt=1 --opt=2',
  '',
].join('\n');

describe('compiler arguments in the language server (dist/server.js over stdio)', () => {
  it('publishes each problem with its range and code, and offers its quick fix', async (t) => {
    const dir = tempDir(t);
    await classifier(dir);
    const file = path.join(dir, 'compile.sh');
    writeFileSync(file, script);
    const uri = pathToFileURL(file).href;
    await withServer('en', async (client) => {
      const diags = await client.open(uri, 'shellscript', script);
      assertDeepEqualShowingAll(placed(diags), [
        ['bmpaddle.dash-option', rangeOf(script, '\u2013')],
        ['bmpaddle.unknown-input-name', rangeOf(script, 'image')],
        ['bmpaddle.descs-range', rangeOf(script, '608,608')],
        ['bmpaddle.duplicate-option', rangeOf(script, '--opt', 2)],
      ], 'diagnostics', diags);
      assert.equal(diags[1].message, 'the model has no input image; its inputs, in order: x');
      assert.ok(diags.every((d) => d.source === 'npu-deploy' && d.severity === (d.code.endsWith('duplicate-option') ? 2 : 1)));

      const actions = async (d: LspDiagnostic) => client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      const [dash] = await actions(diags[0]);
      assert.equal(dash.title, 'Write --model');
      assert.equal(dash.kind, 'quickfix');
      assert.deepEqual(dash.edit.changes[uri], [{ range: rangeOf(script, '\u2013'), newText: '--' }]);
      const [names] = await actions(diags[1]);
      assert.deepEqual(names.edit.changes[uri], [{ range: rangeOf(script, 'image'), newText: 'x' }]);
      const [pinned] = await actions(diags[2]);
      assert.equal(pinned.title, 'Write 608,609');
      assert.deepEqual(pinned.edit.changes[uri], [{ range: rangeOf(script, '608', 2), newText: '609' }]);
      const [dropped] = await actions(diags[3]);
      assert.deepEqual(dropped.edit.changes[uri], [{ range: rangeOf(script, ' --opt=2'), newText: '' }]);

      // The user applies the fixes: the next version is clean.
      const fixed = script.replace('\u2013', '--').replace('=image', '=x').replace('608,608', '608,609').replace(' --opt=2', '');
      const next = client.diagnostics(uri, 2);
      client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
      assertDeepEqualShowingAll(await next, [], 'diagnostics after the fixes', undefined);
    });
  });

  it('offers to rewrite a CRLF darknet .cfg that bmnetd is given: the edit is on the .cfg, not the script', async (t) => {
    const dir = tempDir(t);
    const cfgFile = path.join(dir, 'yolo.cfg');
    writeFileSync(cfgFile, '[net]\r\nwidth=416\r\n');
    const file = path.join(dir, 'compile.sh');
    const text = 'bmnetd --model=yolo.cfg --weight=yolo.weights --target=BM1684\n';
    writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    await withServer('en', async (client) => {
      const diags = await client.open(uri, 'shellscript', text);
      assertDeepEqualShowingAll(placed(diags), [['bmnetd.cfg-crlf-line-endings', rangeOf(text, 'yolo.cfg')]], 'diagnostics', diags);
      const [fix] = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diags[0].range, context: { diagnostics: [diags[0]] } });
      assert.equal(fix.title, 'Convert yolo.cfg to LF line endings');
      assert.deepEqual(fix.edit.changes, { [pathToFileURL(cfgFile).href]: [{ range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, newText: '[net]\nwidth=416\n' }] });
    });
  });

  it('checks the args of an npu-deploy task in .vscode/tasks.json, with a fix that keeps the JSON valid', async (t) => {
    const dir = tempDir(t);
    await classifier(dir);
    mkdirSync(path.join(dir, '.vscode'));
    const file = path.join(dir, '.vscode', 'tasks.json');
    const text = '{\n  "version": "2.0.0",\n  "tasks": [\n    { "type": "npu-deploy", "model": "cls", "host": "box", "tool": "bmpaddle", "args": ["--outdir=o", "--input_names=image"] },\n  ],\n}\n';
    writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    await withServer('en', async (client) => {
      const diags = await client.open(uri, 'jsonc', text);
      assertDeepEqualShowingAll(placed(diags), [['task.option-set-by-npu-deploy', rangeOf(text, '--outdir')], ['bmpaddle.unknown-input-name', rangeOf(text, 'image')]], 'diagnostics', diags);
      const [removal] = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diags[0].range, context: { diagnostics: [diags[0]] } });
      const { range, newText } = removal.edit.changes[uri][0];
      assert.deepEqual([range.start.character, range.end.character, newText], [rangeOf(text, '"--outdir').start.character, rangeOf(text, '"--input_names').start.character, '']);
    });
  });

  it('shows what an option does on hover, and completes option names, enum values and the model\'s input names', async (t) => {
    const dir = tempDir(t);
    await classifier(dir);
    const file = path.join(dir, 'compile.sh');
    const text = 'python3 -m bmpaddle --model=cls --descs="[0,int32,0,8]" --input_names=\n';
    writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    await withServer('en', async (client) => {
      await client.open(uri, 'shellscript', text);
      const hover = await client.request<{ contents: { kind: string; value: string } }>('textDocument/hover', { textDocument: { uri }, position: rangeOf(text, 'descs').start });
      assert.equal(hover.contents.kind, 'markdown');
      assert.match(hover.contents.value, /^\*\*--descs\*\* \(bmpaddle\)/);
      assert.match(hover.contents.value, /upper excluded/);
      const tool = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: rangeOf(text, 'bmpaddle').start });
      assert.equal(tool.contents.value, '**bmpaddle**\n\nSophon front end for PaddlePaddle: compiles the folder of an inference model into a bmodel.\n\nRequired: --model, --shapes, --input_names, --output_names, --net_name, --target');
      const names = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: text.indexOf('\n') } });
      assert.deepEqual(names.map((c) => c.label), ['x']);

      // Typing a new option at the end: names the command lacks, required first.
      const typed = text.replace('--input_names=\n', '--input_names=x --ta\n');
      const v2 = client.diagnostics(uri, 2);
      client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: typed }] });
      await v2;
      const options = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: typed.indexOf('\n') } });
      const labels = options.map((c) => c.label);
      assert.ok(labels.includes('--target') && labels.includes('--shapes') && !labels.includes('--model'), labels.join(' '));
      assert.deepEqual(options.find((c) => c.label === '--target')?.textEdit, { newText: '--target=', range: rangeOf(typed, '--ta') });
      const chips = typed.replace('--ta\n', '--target=\n');
      client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: chips }] });
      const values = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: chips.indexOf('\n') } });
      assert.deepEqual(values.map((c) => c.label), ['BM1682', 'BM1684', 'BM1684X']);
    });
  });

  it('checks Python compile() calls, and speaks Chinese when VS Code does', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'compile.py');
    const text = 'import bmpaddle\nbmpaddle.compile(model="./m", shapes=[[1,3,224,224]], input_names=["x"], output_names=["y"], net_name="n", target="BM1684", descs="[0,int32,608,608]")\n';
    writeFileSync(file, text);
    await withServer('zh-cn', async (client) => {
      const diags = await client.open(pathToFileURL(file).href, 'python', text);
      assertDeepEqualShowingAll(placed(diags), [
        ['bmpaddle.model-not-found', rangeOf(text, './m')],
        ['bmpaddle.descs-range', rangeOf(text, '608,608')],
      ], 'diagnostics', diags);
      assert.equal(diags[1].message, '范围 608,608 是空的：该范围左闭右开（不含上界）。要把输入固定为 608，请写 608,609');
    });
  });

  it('completes Python keywords and their values', async (t) => {
    const dir = tempDir(t);
    await classifier(dir);
    const file = path.join(dir, 'compile.py');
    const text = 'import bmpaddle\nbmpaddle.compile(model="cls", input_names=["\n';
    writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    await withServer('en', async (client) => {
      await client.open(uri, 'python', text);
      const names = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: text.split('\n')[1].length } });
      assert.deepEqual(names.map((c) => c.label), ['x']);
      const typed = 'import bmpaddle\nbmpaddle.compile(model="cls", tar\n';
      client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: typed }] });
      const keywords = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: typed.split('\n')[1].length } });
      assert.deepEqual(keywords.find((c) => c.label === 'target')?.textEdit, { newText: 'target=', range: rangeOf(typed, 'tar') });
      assert.ok(!keywords.some((c) => c.label === 'model'), 'a keyword already given is not offered again');
    });
  });

  it('leaves other Python and shell files alone', async () => {
    await withServer('en', async (client) => {
      const diags = await client.open('file:///tmp/other.py', 'python', 'print("--model \u2013x")\n');
      assertDeepEqualShowingAll(diags, [], 'diagnostics', diags);
    });
  });

  ifFullCorpus(it)('checks commands against real sample models of the collection', async (t) => {
    const dir = tempDir(t);
    const reference = JSON.parse(readFileSync(path.join(sharedModelsRoot, 'ppocrv3_det.reference.json'), 'utf8'));
    const feed = reference.entries[0].program.feed.map((f: { name: string }) => f.name);
    const fetch = reference.entries[0].program.fetch.map((f: { name: string }) => f.name);
    const det = sharedModel('paddle', 'ppocrv3_det');
    const ckpt = sharedModel('paddle', 'pdparams_training_checkpoint', 'latest.pdparams');
    const pir = sharedModel('paddle-pir', 'ppocrv5_mobile_det');
    const text = [
      `python3 -m bmpaddle --model=${det} --shapes=[1,3,640,640] --input_names=images --output_names=${fetch.join(',')} --net_name=det --target=BM1684`,
      `python3 -m bmpaddle --model=${det}/model.pdmodel --shapes=[1,3,640,640] --input_names=${feed.join(',')} --output_names=${fetch.join(',')} --net_name=det --target=BM1684`,
      `python3 -m bmpaddle --model=${ckpt} --shapes=[1,3,640,640] --input_names=x --output_names=y --net_name=det --target=BM1684`,
      `python3 -m bmpaddle --model=${pir} --shapes=[1,3,640,640] --input_names=x --output_names=y --net_name=det --target=BM1684`,
      '',
    ].join('\n');
    const file = path.join(dir, 'compile.sh');
    writeFileSync(file, text);
    await withServer('en', async (client) => {
      const diags = await client.open(pathToFileURL(file).href, 'shellscript', text);
      assertDeepEqualShowingAll(placed(diags), [
        ['bmpaddle.ocr-det-cmp', rangeOf(text, 'python3 -m bmpaddle')],
        ['bmpaddle.unknown-input-name', rangeOf(text, 'images')],
        ['bmpaddle.model-not-folder', rangeOf(text, `${det}/model.pdmodel`)],
        ['bmpaddle.training-checkpoint', rangeOf(text, ckpt)],
        ['bmpaddle.pir-program', rangeOf(text, pir)],
      ], 'diagnostics', diags);
      assert.equal(diags[1].message, `the model has no input images; its inputs, in order: ${feed.join(', ')}`);
    });
  });
});
