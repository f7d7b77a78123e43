// "Compare with Original…" in the real extension host, on a .bmodel, with this machine as the
// Sophon host (the simulated SDK's setup line): the golden side is picked (the compile's reference
// data), bmrt_test runs, and the brought-back compare.json is shown (the results view's command
// when there is one, the file itself when not).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CompareResult } from '../../src/core/compare/compareResult';
import { bmodelBytes, float32Data } from '../simulators/bmodelFile';
import { writeSimulatedSdk } from '../support/simulatedSdk';
import { poll } from './poll';

const ws = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

describe('Compare with Original in the extension host', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(ws(), 'compare-exthost-'));
  });
  afterEach(async () => {
    await vscode.workspace.getConfiguration('npuDeploy').update('hosts', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs bmrt_test against the reference data on the picked host and shows the result', async () => {
    const sdk = writeSimulatedSdk(path.join(dir, 'sdk'));
    const model = path.join(dir, 'model');
    mkdirSync(model);
    writeFileSync(path.join(model, 'tiny.bmodel'), bmodelBytes({ chip: 'BM1684', net: 'tiny', inputs: [{ name: 'data', shape: [1, 3, 4, 4] }], outputs: [{ name: 'prob', shape: [1, 10] }] }));
    writeFileSync(path.join(model, 'input_ref_data.dat'), float32Data(48, 0));
    writeFileSync(path.join(model, 'output_ref_data.dat'), float32Data(10, 100));
    const hosts = { hosts: [{ name: 'this-bm', kind: 'sophon', target: 'BM1684', setup: sdk.setup, workdir: path.join(dir, 'work') }] };
    await vscode.workspace.getConfiguration('npuDeploy').update('hosts', hosts, vscode.ConfigurationTarget.Workspace);
    let finished = false;
    const done = vscode.commands.executeCommand('npuDeploy.compareWithOriginal', vscode.Uri.file(path.join(model, 'tiny.bmodel'))).then(() => (finished = true));
    // One host: no host pick. The golden-side pick offers the reference data first; accept it.
    while (!finished) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await Promise.race([done, new Promise((r) => setTimeout(r, 300))]);
    }
    const folder = readdirSync(model).find((n) => n.startsWith('compare-tiny-'));
    assert.ok(folder, `no result folder in ${readdirSync(model).join(', ')}`);
    const resultFile = path.join(model, folder, 'compare.json');
    assert.ok(existsSync(path.join(model, folder, 'output_ref_data.dat.bmrt')));
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as CompareResult;
    assert.deepEqual(result.rows.map((r) => [r.name, r.pass]), [['prob', true]]);
    const hasView = (await vscode.commands.getCommands(true)).includes('npuDeploy.showCompareResults');
    if (!hasView) await poll('compare.json in an editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === resultFile);
  });
});
