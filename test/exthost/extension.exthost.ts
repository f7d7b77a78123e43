// Runs inside the extension host with this repository loaded as the development extension and
// the e2e workspace (a Paddle .pdmodel and a Caffe prototxt, copied from ../shared/models) open.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import { poll } from './poll';
import { assertDeepEqualShowingAll } from '../support/showAll';
import type { NpuDeployApi } from '../../src/extension/extension';
import { MemFs } from './memFs';
import { CAFFE_SAMPLE_NAME, writeCaffeSample } from '../../src/core/samples/caffeSample';

const extensionId = 'npu-deploy.npu-deploy';
const ws = () => vscode.workspace.workspaceFolders![0].uri;

function tabsOf(uri: vscode.Uri): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => {
    const input = t.input as { uri?: vscode.Uri } | undefined;
    return input?.uri?.toString() === uri.toString();
  });
}

async function api(): Promise<NpuDeployApi> {
  const ext = vscode.extensions.getExtension<NpuDeployApi>(extensionId);
  assert.ok(ext, `${extensionId} is not loaded`);
  return ext.activate();
}

describe('NPU Deploy in the extension host', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('registers its commands', async () => {
    await api();
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['npuDeploy.openGraph', 'npuDeploy.showSummary']) assert.ok(commands.includes(c), `${c} missing`);
  });

  it('opens a .pdmodel in the model viewer custom editor', async () => {
    const uri = vscode.Uri.joinPath(ws(), 'ppocrv3_det', 'model.pdmodel');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'npuDeploy.modelViewer');
    const tab = await poll('the viewer tab', () => tabsOf(uri).find((t) => t.input instanceof vscode.TabInputCustom));
    assert.equal((tab.input as vscode.TabInputCustom).viewType, 'npuDeploy.modelViewer');
    const result = await poll('the viewer to read the model', async () => (await api()).viewerResult(uri));
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    assert.equal(result.model.info.framework, 'paddle');
    assert.equal(result.model.info.format, 'pdmodel');
    assert.equal(result.model.info.nodeCount, 238);
    assert.equal(result.model.file, uri.fsPath);
  });

  it('opens a model in a virtual workspace with its weights found beside it (workspace.fs)', async () => {
    const mem = new MemFs('npu-mem');
    const registration = vscode.workspace.registerFileSystemProvider(mem.scheme, mem, { isReadonly: true });
    try {
      mem.createDirectory(mem.uri('/det'));
      for (const name of ['model.pdmodel', 'model.pdiparams']) {
        mem.writeFile(mem.uri(`/det/${name}`), await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ws(), 'ppocrv3_det', name)));
      }
      const uri = mem.uri('/det/model.pdmodel');
      await vscode.commands.executeCommand('vscode.openWith', uri, 'npuDeploy.modelViewer');
      const result = await poll('the viewer to read the virtual model', async () => (await api()).viewerResult(uri));
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      assert.equal(result.model.info.nodeCount, 238);
      assert.equal(result.model.file, uri.toString(true));
      // The weights beside it were read through workspace.fs, not left behind in a temp copy.
      assert.ok(result.opened.weights, 'no weights were found beside the virtual model');
      assert.ok(result.opened.weights.entries.length > 100, `${result.opened.weights.entries.length} weights`);
      assert.ok(!result.model.info.warnings.some((w) => /no weights found/.test(w)), result.model.info.warnings.join('\n'));
      const first = result.opened.weights.entries[0];
      assert.equal((await result.opened.weights.read(first.key)).length, first.byteLength);
    } finally {
      registration.dispose();
    }
  });

  for (const [what, parts, how] of [
    ['a Paddle __model__ opens in the viewer by default', ['uci_housing', '__model__'], 'vscode.open'],
    ['a .caffemodel opens in the viewer by default', ['lenet', 'lenet_iter_10000.caffemodel'], 'vscode.open'],
    ['Open Graph opens a Paddle `model` file in the viewer', ['fill_constant', 'model'], 'npuDeploy.openGraph'],
  ] as const) {
    it(what, async () => {
      const uri = vscode.Uri.joinPath(ws(), ...parts);
      await vscode.commands.executeCommand(how, uri);
      const tab = await poll('the viewer tab', () => tabsOf(uri).find((t) => t.input instanceof vscode.TabInputCustom));
      assert.equal((tab.input as vscode.TabInputCustom).viewType, 'npuDeploy.modelViewer');
      const result = await poll('the viewer to read the model', async () => (await api()).viewerResult(uri));
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      assert.ok(result.model.info.nodeCount > 0);
    });
  }

  it('Open Graph opens a Paddle 3 PIR inference.json in the viewer, under its "option" view type', async () => {
    const uri = vscode.Uri.joinPath(ws(), 'textline_ori', 'inference.json');
    await vscode.commands.executeCommand('npuDeploy.openGraph', uri);
    const tab = await poll('the viewer tab', () => tabsOf(uri).find((t) => t.input instanceof vscode.TabInputCustom));
    assert.equal((tab.input as vscode.TabInputCustom).viewType, 'npuDeploy.pirModelViewer');
    const result = await poll('the viewer to read the model', async () => (await api()).viewerResult(uri));
    assert.ok(result.ok, result.ok ? '' : result.error.message);
    assert.equal(result.model.info.format, 'pir');
    assert.equal(result.model.info.nodeCount, 260);
    assert.equal(result.opened.weights?.entries.length, 145);
  });

  it('an inference.json opens as text by default: the viewer is only an option for JSON', async () => {
    const uri = vscode.Uri.joinPath(ws(), 'textline_ori', 'inference.json');
    await vscode.commands.executeCommand('vscode.open', uri);
    const tab = await poll('the tab', () => tabsOf(uri)[0]);
    assert.ok(tab.input instanceof vscode.TabInputText, 'inference.json opened in a custom editor by default');
  });

  it('reads a model again when its file changes on disk', async () => {
    const uri = vscode.Uri.joinPath(ws(), 'ppocrv3_det', 'model.pdmodel');
    const bytes = await vscode.workspace.fs.readFile(uri);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'npuDeploy.modelViewer');
    const first = await poll('the first read', async () => (await api()).viewerResult(uri));
    assert.ok(first.ok);
    try {
      await vscode.workspace.fs.writeFile(uri, bytes.subarray(0, 1000));
      const second = await poll('the read after the change', async () => {
        const r = await (await api()).viewerResult(uri);
        return r !== first ? r : undefined;
      });
      assert.equal(second.ok, false, 'a truncated program must not read as a model');
      if (!second.ok) assert.ok(second.error.message.startsWith(uri.fsPath), second.error.message);
    } finally {
      await vscode.workspace.fs.writeFile(uri, bytes);
    }
  });

  it('opens Open Graph beside a prototxt and reads unsaved edits again', async () => {
    const uri = vscode.Uri.joinPath(ws(), 'lenet', 'mnist_deploy.prototxt');
    // The edit below must never outlive this test: a workspace edit may be saved by the
    // workbench (refactoring auto-save), so the file's bytes are put back at the end whatever happens.
    const bytes = await vscode.workspace.fs.readFile(uri);
    try {
      await editUnsavedPrototxt(uri);
    } finally {
      await vscode.workspace.fs.writeFile(uri, bytes);
    }
  });

  async function editUnsavedPrototxt(uri: vscode.Uri): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'caffe-prototxt');
    await vscode.commands.executeCommand('npuDeploy.openGraph', uri);
    const first = await poll('the graph panel to read the prototxt', async () => (await api()).viewerResult(uri));
    assert.ok(first.ok && first.model.info.name === 'LeNet', first.ok ? first.model.info.name : first.error.message);
    // Beside: a second editor group holds the graph panel while the text stays in the first.
    await poll('the graph panel beside the text', () => vscode.window.tabGroups.all.length >= 2 && vscode.window.tabGroups.all[1].tabs.some((t) => t.input instanceof vscode.TabInputWebview));
    assert.ok(vscode.window.tabGroups.all[0].tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString()));
    // An edit that breaks the file: the panel reads the unsaved text again (debounced) and reports it.
    // Typed into the text editor (a workspace edit may be saved at once by the workbench).
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    assert.ok(editor, 'the prototxt is no longer shown beside its graph');
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'layer {\n')));
    const second = await poll('the re-read after the edit', async () => {
      const r = await (await api()).viewerResult(uri);
      return r !== first ? r : undefined;
    });
    assert.equal(second.ok, false);
    // The error names the user's file and the place in the unsaved text.
    if (!second.ok) assert.ok(second.error.message.startsWith(`${uri.fsPath}:`), second.error.message);
    assert.ok(doc.isDirty, 'the edit was saved: the panel must have read the unsaved text');
    // Revert acts on the active editor, which is the graph panel now: show the text first, so the
    // edit is dropped and never reaches the disk the later tests read.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await poll('the edit reverted', () => !doc.isDirty);
  }

  it('shows the model summary as a read-only JSON document that closes without asking', async () => {
    const uri = vscode.Uri.joinPath(ws(), 'ppocrv3_det', 'model.pdmodel');
    await vscode.commands.executeCommand('npuDeploy.showSummary', uri);
    const editor = await poll('the summary editor', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.scheme === 'npu-deploy-summary' ? e : undefined;
    });
    const doc = editor.document;
    assert.deepEqual(
      { language: doc.languageId, dirty: doc.isDirty, untitled: doc.isUntitled, path: doc.uri.path },
      { language: 'json', dirty: false, untitled: false, path: '/model.pdmodel.summary.json' },
    );
    const summary = JSON.parse(doc.getText()) as { framework: string; nodeCount: number; opTypes: Record<string, number> };
    assert.equal(summary.framework, 'paddle');
    assert.equal(summary.nodeCount, 238);
    assert.equal(summary.opTypes.conv2d, 57);
    // Asked again (here from the summary tab itself), the same document is shown, not a second one.
    await vscode.commands.executeCommand('npuDeploy.showSummary');
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => (t.input as { uri?: vscode.Uri })?.uri?.scheme === 'npu-deploy-summary').length, 1);
    // A dirty Untitled document would stop here on a "Save changes?" dialog and stay open.
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await poll('the summary tab to close', () => tabsOf(doc.uri).length === 0);
  });

  it('puts the bundled npu-deploy first on the PATH of integrated terminals, and it runs there', async () => {
    const env = (await api()).terminalEnvironment;
    const pathChange = env.get('PATH');
    assert.ok(pathChange, 'the terminals\' PATH is left as it is');
    assert.equal(pathChange.type, vscode.EnvironmentVariableMutatorType.Prepend);
    assert.ok(pathChange.value.endsWith(path.delimiter), pathChange.value);
    const folder = pathChange.value.slice(0, -path.delimiter.length);
    assert.ok(existsSync(path.join(folder, process.platform === 'win32' ? 'npu-deploy.cmd' : 'npu-deploy')), `no npu-deploy in ${folder}`);
    // The environment a terminal gets: this process's, changed as the collection says.
    const terminal: NodeJS.ProcessEnv = { ...process.env };
    env.forEach((name, change) => {
      const now = terminal[name] ?? '';
      if (change.type === vscode.EnvironmentVariableMutatorType.Prepend) terminal[name] = change.value + now;
      else if (change.type === vscode.EnvironmentVariableMutatorType.Append) terminal[name] = now + change.value;
      else terminal[name] = change.value;
    });
    // A model of its own: the workspace's files are edited by other tests.
    const dir = mkdtempSync(path.join(tmpdir(), 'npu-path-'));
    try {
      const { prototxt } = await writeCaffeSample(dir);
      const r = spawnSync('npu-deploy', ['info', prototxt, '--json'], { env: terminal, encoding: 'utf8', timeout: 60_000, shell: process.platform === 'win32' });
      assert.equal(r.status, 0, `npu-deploy exited ${r.status}: ${r.error ?? r.stderr}`);
      const info = JSON.parse(r.stdout) as { framework: string; name: string };
      assert.deepEqual([info.framework, info.name], ['caffe', CAFFE_SAMPLE_NAME]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('publishes the Caffe reader\'s diagnostics for a broken prototxt from the language server', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'caffe-prototxt', content: 'name: "Broken"\nlayer {\n  name: "conv1\n' });
    await vscode.window.showTextDocument(doc);
    // The reader recovers and reports every syntax error: the layer's `{` never closed on line 2
    // and the string not closed on line 3.
    const want = [['caffe.syntax', vscode.DiagnosticSeverity.Error, 1, 6], ['caffe.syntax', vscode.DiagnosticSeverity.Error, 2, 8]];
    const placed = (d: vscode.Diagnostic[]) => d.map((x) => [String(typeof x.code === 'object' ? x.code.value : x.code), x.severity, x.range.start.line, x.range.start.character]);
    // Wait for the expected diagnostics rather than for the first ones published, then compare
    // what was there last (in text order), printed whole (with the messages) if it is not what was expected.
    let seen: vscode.Diagnostic[] = [];
    try {
      await poll('the expected diagnostics', () => {
        seen = [...vscode.languages.getDiagnostics(doc.uri)].sort((a, b) => a.range.start.compareTo(b.range.start));
        return isDeepStrictEqual(placed(seen), want);
      }, 30_000).catch(() => undefined);
      assertDeepEqualShowingAll(placed(seen), want, 'diagnostics (code, severity, line, character)', seen.map((d) => ({ message: d.message, range: d.range, source: d.source })));
    } finally {
      // An Untitled document with text would stop closeAllEditors on a "Save changes?" dialog.
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
