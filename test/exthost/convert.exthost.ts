// Runs inside the extension host (see index.ts): "Convert for Sophon…" on a Caffe net with a
// host of npuDeploy.hosts that is this machine with the simulated SDK. The command opens the form
// prefilled from the model; its checks name the field at fault; Save as Task adds the task to
// an existing tasks.json keeping the user's comment; Convert runs the npu-deploy task to its end,
// the bmodel lands beside the model, and the job is recorded as succeeded.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeCaffeSample } from '../../src/core/samples/caffeSample';
import type { ConvertPanel } from '../../src/extension/convertPanel';
import { writeSimulatedSdk } from '../support/simulatedSdk';

const ws = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

describe('the conversion form in the extension host', () => {
  let dir: string;
  let tasksBefore: string | undefined;
  const tasksFile = () => path.join(ws(), '.vscode', 'tasks.json');
  beforeEach(async () => {
    dir = mkdtempSync(path.join(ws(), 'convert-exthost-'));
    const sdk = writeSimulatedSdk(path.join(dir, 'sdk'));
    const hosts = { hosts: [{ name: 'sim', kind: 'sophon', target: 'BM1684', setup: sdk.setup, workdir: path.join(dir, 'work') }] };
    await vscode.workspace.getConfiguration('npuDeploy').update('hosts', hosts, vscode.ConfigurationTarget.Workspace);
    tasksBefore = existsSync(tasksFile()) ? readFileSync(tasksFile(), 'utf8') : undefined;
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('npuDeploy').update('hosts', undefined, vscode.ConfigurationTarget.Workspace);
    if (tasksBefore === undefined) rmSync(tasksFile(), { force: true });
    else writeFileSync(tasksFile(), tasksBefore);
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens prefilled, checks, saves a task and converts on a local simulated host', async () => {
    const model = path.join(dir, 'net');
    mkdirSync(model);
    const { prototxt } = await writeCaffeSample(model);
    const panel = await vscode.commands.executeCommand<ConvertPanel | undefined>('npuDeploy.convertForSophon', vscode.Uri.file(prototxt));
    assert.ok(panel, 'the command opened no form');
    const form = panel.form;
    assert.deepEqual([form.host, form.tool, form.target, form.netName, form.outDir], ['sim', 'bmnetc', 'BM1684', 'LeNetSample', model]);

    const wrong = await panel.check({ ...form, opt: '5' });
    assert.equal(wrong.check.ok, false);
    assert.deepEqual(Object.keys(wrong.check.fields), ['opt']);

    mkdirSync(path.dirname(tasksFile()), { recursive: true });
    writeFileSync(tasksFile(), '{\n  // mine\n  "version": "2.0.0",\n  "tasks": []\n}\n');
    const saved = await panel.saveAsTask(form);
    assert.deepEqual(saved, { ok: true, file: tasksFile() });
    const text = readFileSync(tasksFile(), 'utf8');
    assert.ok(text.startsWith('{\n  // mine\n'), text);
    assert.match(text, /"type": "npu-deploy"/);
    assert.match(text, /"model": "\$\{workspaceFolder\}\/convert-exthost-[^/]+\/net\/lenet\.prototxt"/);

    const outcome = await panel.convert(form);
    assert.equal(outcome.verdict, 'success', JSON.stringify(outcome));
    const bmodel = path.join(model, 'compilation.bmodel');
    assert.ok(outcome.verdict === 'success' && outcome.outputs.includes(bmodel), JSON.stringify(outcome));
    assert.ok(existsSync(bmodel));
  });
});
