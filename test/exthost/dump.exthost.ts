// The Dump command in the real extension host: `npuDeploy.dump` with a selection opens the
// dialog prefilled (the weights found beside the prototxt, the output path the model's folder),
// and the panel's dump, the one the Dump button runs, writes the dump_result_ folder with the
// cut model, its weights and dump.log. The default output path outside the workspace is refused
// until the user picks it; an offline model named otherwise asks "continue?" first.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openModel } from '../../src/core/openModel';
import { writeCaffeSample } from '../../src/core/samples/caffeSample';
import type { DumpPanel } from '../../src/extension/dumpPanel';
import type { NpuDeployApi } from '../../src/extension/extension';
import { dumpRangeArgs, openDumpForRange } from '../../src/extension/modelViewController';
import type { DumpForm } from '../../src/protocol/dumpMessages';
import { bmodelBytes } from '../support/offlineModels';
import { poll } from './poll';

const ws = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

async function api(): Promise<NpuDeployApi> {
  const ext = vscode.extensions.getExtension<NpuDeployApi>('npu-deploy.npu-deploy');
  assert.ok(ext, 'npu-deploy.npu-deploy is not loaded');
  return ext.activate();
}

describe('Dump dialog in the extension host', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(ws(), 'dump-exthost-'));
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens prefilled from its arguments and dumps the selection into a new dump_result_ folder', async () => {
    const { prototxt, caffemodel } = await writeCaffeSample(dir);
    const panel = await vscode.commands.executeCommand<DumpPanel>('npuDeploy.dump', { model: prototxt, starts: ['conv2'], ends: ['ip1'] });
    assert.ok(panel, 'npuDeploy.dump returned no panel');
    const form = await panel.prefilled;
    assert.deepEqual(form, { model: prototxt, weights: caffemodel, starts: ['conv2'], ends: ['ip1'], outDir: dir });
    // The workbench reports the new tab to the extension host a moment after the panel exists.
    await poll('the Dump tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('npuDeploy.dumpPanel')),
    );

    const request: DumpForm = { model: prototxt, weights: caffemodel, starts: ['conv2'], ends: ['ip1'], dumpData: '', offlineModel: '', outDir: dir, outDirChosen: false };
    const outcome = await panel.dump(request);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(path.dirname(outcome.folder), dir);
    assert.match(path.basename(outcome.folder), /^dump_result_\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}$/);
    assert.deepEqual(readdirSync(outcome.folder).sort(), ['dump.caffemodel', 'dump.log', 'dump.prototxt']);
    // Nothing else beside it: no temporary folder left behind.
    assert.deepEqual(readdirSync(dir).sort(), [path.basename(outcome.folder), 'lenet.caffemodel', 'lenet.prototxt']);
    const log = readFileSync(path.join(outcome.folder, 'dump.log'), 'utf8');
    assert.match(log, /^Add Layer Into Prototxt: pool1 \(top: pool1, shape: 1,20,12,12/m);
    assert.match(log, /^Export Layer: conv2, pool2, ip1$/m);
    const cut = await openModel(path.join(outcome.folder, 'dump.prototxt'), { weights: path.join(outcome.folder, 'dump.caffemodel') });
    assert.deepEqual(
      cut.graph.nodes.map((n) => n.id),
      ['pool1', 'conv2', 'pool2', 'ip1'],
    );
    assert.ok(cut.weights, 'the cut has no weights');
  });

  it('opens prefilled with the starts and ends chosen in the viewer\'s range panel (its Dump Sub-model… request)', async () => {
    const { prototxt, caffemodel } = await writeCaffeSample(dir);
    const uri = vscode.Uri.file(prototxt);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await vscode.commands.executeCommand('npuDeploy.openGraph', uri);
    const result = await poll('the graph panel to read the sample', async () => (await api()).viewerResult(uri));
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    // Two starts and two ends, as the range panel sends them: ids of the viewer's own graph.
    const ids = result.opened.graph.nodes.map((n) => n.id);
    const range = { starts: ['conv2', 'pool2'], ends: ['ip1', 'relu1'] };
    for (const id of [...range.starts, ...range.ends]) assert.ok(ids.includes(id), `${id} is not a node of the viewer's graph: ${ids.join(', ')}`);
    // What the controller hands npuDeploy.dump for the webview's DumpRange message.
    assert.deepEqual(dumpRangeArgs(uri, range), { model: uri, starts: range.starts, ends: range.ends });

    const panel = await openDumpForRange(uri, range);
    assert.ok(panel, 'npuDeploy.dump returned no panel');
    assert.deepEqual(await panel.prefilled, { model: prototxt, weights: caffemodel, starts: range.starts, ends: range.ends, outDir: dir });
    await poll('the Dump tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('npuDeploy.dumpPanel')),
    );
    // The prefilled range is one the dump accepts: the cut holds the layers between them.
    const outcome = await panel.dump({ model: prototxt, weights: caffemodel, starts: range.starts, ends: range.ends, dumpData: '', offlineModel: '', outDir: dir, outDirChosen: false });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.match(readFileSync(path.join(outcome.folder, 'dump.log'), 'utf8'), /^Export Layer: conv2, pool2, ip1, relu1$/m);
  });

  it('opens on a model given as a URI (the Explorer), and refuses a range it cannot cut beside the end ids, writing nothing', async () => {
    const { prototxt, caffemodel } = await writeCaffeSample(dir);
    const panel = await vscode.commands.executeCommand<DumpPanel>('npuDeploy.dump', vscode.Uri.file(prototxt));
    assert.deepEqual(await panel.prefilled, { model: prototxt, weights: caffemodel, starts: [], ends: [], outDir: dir });
    const outcome = await panel.dump({ model: prototxt, weights: '', starts: ['ip1'], ends: ['conv1'], dumpData: '', offlineModel: '', outDir: dir, outDirChosen: false });
    assert.ok(!outcome.ok && 'field' in outcome, JSON.stringify(outcome));
    assert.equal(outcome.field, 'ends');
    assert.ok(outcome.message.startsWith(`${prototxt}: `), outcome.message);
    assert.ok(!outcome.message.includes('\n'));
    assert.deepEqual(readdirSync(dir).sort(), ['lenet.caffemodel', 'lenet.prototxt']);
  });

  it('shows a cut-short NPU dump of the start layer beside the Dump Data Path, as its one line, and writes nothing', async () => {
    const { prototxt } = await writeCaffeSample(dir);
    const dumpData = path.join(dir, 'npu');
    mkdirSync(dumpData);
    // A version 2 header (one input of 100 bytes), and only 4 bytes after it.
    const file = path.join(dumpData, 'Conv2D.conv1.150.1585884515795600');
    writeFileSync(file, Buffer.concat([Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]), Buffer.from([0x22, 0x02, 0x28, 100]), Buffer.alloc(4)]));
    const panel = await vscode.commands.executeCommand<DumpPanel>('npuDeploy.dump', { model: prototxt });
    const outcome = await panel.dump({ model: prototxt, weights: '', starts: ['conv1'], ends: ['pool1'], dumpData, offlineModel: '', outDir: dir, outDirChosen: false });
    assert.deepEqual(outcome, { ok: false, field: 'dumpData', message: `${file}: byte 16: the dump's tensors take 100 bytes after the header but the file ends after 4: it is cut short` });
    assert.deepEqual(readdirSync(dir).sort(), ['lenet.caffemodel', 'lenet.prototxt', 'npu']);
  });

  it('does not write outside the workspace into a folder the user did not choose', async () => {
    const { prototxt } = await writeCaffeSample(dir);
    const outside = mkdtempSync(path.join(tmpdir(), 'npu-dump-outside-'));
    try {
      const panel = await vscode.commands.executeCommand<DumpPanel>('npuDeploy.dump', { model: prototxt, starts: ['conv1'], ends: ['pool1'] });
      const form: DumpForm = { model: prototxt, weights: '', starts: ['conv1'], ends: ['pool1'], dumpData: '', offlineModel: '', outDir: outside, outDirChosen: false };
      const refused = await panel.dump(form);
      assert.ok(!refused.ok && 'field' in refused && refused.field === 'outDir', JSON.stringify(refused));
      assert.deepEqual(readdirSync(outside), []);
      const chosen = await panel.dump({ ...form, outDirChosen: true });
      assert.ok(chosen.ok, JSON.stringify(chosen));
      assert.ok(existsSync(path.join(chosen.folder, 'dump.prototxt')));
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('asks "continue?" when the offline model is named otherwise, and dumps nothing when the user says no', async () => {
    const { prototxt } = await writeCaffeSample(dir);
    const other = path.join(dir, 'resnet.bmodel');
    const same = path.join(dir, 'lenet.bmodel');
    writeFileSync(other, bmodelBytes('ResNet50'));
    writeFileSync(same, bmodelBytes('LeNetSample'));
    const panel = await vscode.commands.executeCommand<DumpPanel>('npuDeploy.dump', { model: prototxt });
    const questions: string[] = [];
    panel.ask = async (question) => {
      questions.push(question);
      return false;
    };
    const form: DumpForm = { model: prototxt, weights: '', starts: ['conv1'], ends: ['pool1'], dumpData: '', offlineModel: other, outDir: dir, outDirChosen: false };
    const declined = await panel.dump(form);
    assert.deepEqual(declined, { ok: false, cancelled: true });
    assert.equal(questions.length, 1);
    assert.ok(questions[0].includes('ResNet50') && questions[0].includes('LeNetSample'), questions[0]);
    assert.ok(!readdirSync(dir).some((n) => n.startsWith('dump_result_')), readdirSync(dir).join(', '));
    // The same name: no question, the dump goes ahead.
    const matching = await panel.dump({ ...form, offlineModel: same });
    assert.ok(matching.ok, JSON.stringify(matching));
    assert.equal(questions.length, 1);
  });
});
