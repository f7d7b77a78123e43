// The comparison results view in the real extension host: `npuDeploy.showCompareResults` on a
// result written by our own engine (ResNet-style dumps, one layer perturbed) opens the panel, takes
// the one model beside the results file for the overlay, and answers a row's detail from the real
// dump files; a file that is not a result opens no panel.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compareDumps } from '../../src/core/compare/compareDumps';
import { nodeFileAccess } from '../../src/core/io/nodeFileAccess';
import { openModel } from '../../src/core/openModel';
import type { CompareResultsPanel } from '../../src/extension/compareResultsPanel';
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

  it('opens no panel for a JSON file that is not a comparison result', async () => {
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ rows: [{ name: 'conv1' }], unmatched: {}, firstBad: null }));
    const panel = await vscode.commands.executeCommand<CompareResultsPanel | undefined>('npuDeploy.showCompareResults', vscode.Uri.file(file));
    assert.equal(panel, undefined);
  });
});
