// The comparison results view in the real extension host: `npuDeploy.showCompareResults` on a
// result written by our own engine (ResNet-style dumps, one layer perturbed) opens the panel, takes
// the one model beside the results file for the overlay, and answers a row's detail from the real
// dump files; a file that is not a result opens no panel. After a window reload VS Code hands the
// panel to its serializer with the page's saved state, which brings back the results file and the
// model overlaid.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compareDumps } from '../../src/core/compare/compareDumps';
import { nodeFileAccess } from '../../src/core/io/nodeFileAccess';
import { ModelService } from '../../src/core/modelService';
import { openModel } from '../../src/core/openModel';
import { restoreCompareResults, type CompareResultsPanel } from '../../src/extension/compareResultsPanel';
import { writeResnetDumps } from '../support/resnetDumps';
import { poll } from './poll';

const ws = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

describe('Comparison results view in the extension host', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(ws(), 'compare-exthost-'));
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens a compare --json result with the model beside it, and reads a row\'s tensors for its detail', async () => {
    const dumps = writeResnetDumps(dir);
    const graph = (await openModel(dumps.prototxt)).graph;
    const { result } = await compareDumps(nodeFileAccess, { npu: dumps.npuDir, golden: dumps.goldenDir, graph });
    assert.equal(result.firstBad, 'res2a_branch2a');
    const file = path.join(dir, 'result.json');
    writeFileSync(file, JSON.stringify(result, null, 2));

    const panel = await vscode.commands.executeCommand<CompareResultsPanel | undefined>('npuDeploy.showCompareResults', vscode.Uri.file(file));
    assert.ok(panel, 'no panel for the result');
    assert.equal(panel.result.firstBad, 'res2a_branch2a');
    await poll('the Comparison tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('npuDeploy.compareResults')),
    );
    await poll('the model beside the result', () => panel.model);
    assert.equal(panel.model!.fsPath, dumps.prototxt);

    const index = result.rows.findIndex((r) => r.name === 'res2a_branch2a');
    const reply = await panel.tensorDetail(index);
    assert.ok(reply.ok, JSON.stringify(reply));
    const written = dumps.values.get('res2a_branch2a')!;
    assert.equal(reply.detail.count, written.golden.length);
    let worst = 0;
    for (let i = 1; i < written.npu.length; i++) if (Math.abs(written.npu[i] - written.golden[i]) > Math.abs(written.npu[worst] - written.golden[worst])) worst = i;
    assert.equal(reply.detail.worst[0].index, worst);
  });

  it('comes back after a window reload from its page\'s state: the results file and the model chosen; a state without a readable results file closes the panel', async () => {
    const ext = vscode.extensions.getExtension('npu-deploy.npu-deploy');
    assert.ok(ext, 'the extension is not loaded');
    // VS Code starts the extension for the serializer only with this activation event.
    assert.ok((ext.packageJSON as { activationEvents: string[] }).activationEvents.includes('onWebviewPanel:npuDeploy.compareResults'));
    const dumps = writeResnetDumps(dir);
    const graph = (await openModel(dumps.prototxt)).graph;
    const { result } = await compareDumps(nodeFileAccess, { npu: dumps.npuDir, golden: dumps.goldenDir, graph });
    const file = path.join(dir, 'result.json');
    writeFileSync(file, JSON.stringify(result, null, 2));
    // A model the user chose elsewhere, not the one beside the results file a new panel would take.
    const chosen = path.join(dir, 'chosen', 'net.prototxt');
    mkdirSync(path.dirname(chosen));
    copyFileSync(dumps.prototxt, chosen);
    const models = new ModelService();
    const kept = () => vscode.window.createWebviewPanel('npuDeploy.compareResults', 'kept', vscode.ViewColumn.Active, {});
    const state = { tab: 'graph', metric: 'kl', thresholds: {}, filter: '', failingOnly: false, sort: null, selected: 2, zoom: null, resource: vscode.Uri.file(file).toString(), model: vscode.Uri.file(chosen).toString() };

    const panel = kept();
    const restored = await restoreCompareResults(ext.extensionUri, models, panel, JSON.parse(JSON.stringify(state)));
    assert.ok(restored, 'the panel was not restored');
    assert.equal(restored.panel, panel, 'a new panel instead of the one VS Code kept');
    assert.equal(panel.title, 'Comparison: result.json');
    assert.equal(restored.file.fsPath, file);
    assert.equal(restored.result.firstBad, 'res2a_branch2a');
    await poll('the chosen model', () => restored.model);
    assert.equal(restored.model!.fsPath, chosen);
    assert.ok(panel.webview.html.includes('compare.js'), 'the page is not loaded in the restored panel');

    // The results file is gone, or the state never named one: no empty panel stays.
    for (const gone of [{ ...state, resource: vscode.Uri.file(path.join(dir, 'moved.json')).toString() }, { tab: 'table' }, undefined]) {
      const stale = kept();
      let disposed = false;
      stale.onDidDispose(() => (disposed = true));
      assert.equal(await restoreCompareResults(ext.extensionUri, models, stale, gone), undefined);
      assert.ok(disposed, `the panel stayed for ${JSON.stringify(gone)}`);
    }
  });

  it('opens no panel for a JSON file that is not a comparison result', async () => {
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ rows: [{ name: 'conv1' }], unmatched: {}, firstBad: null }));
    const panel = await vscode.commands.executeCommand<CompareResultsPanel | undefined>('npuDeploy.showCompareResults', vscode.Uri.file(file));
    assert.equal(panel, undefined);
  });
});
