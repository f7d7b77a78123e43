// The viewer's links between text and graph, inside a real extension host: the cursor in a
// prototxt beside its graph highlights the layer's node, and callstack frames open the user's
// Python file at their line only when the file is inside the workspace.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NpuDeployApi } from '../../src/extension/extension';
import { callstackFrames, openSourceLine } from '../../src/extension/callstackSource';

const ws = () => vscode.workspace.workspaceFolders![0].uri;

async function poll<T>(what: string, f: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function api(): Promise<NpuDeployApi> {
  const ext = vscode.extensions.getExtension<NpuDeployApi>('npu-deploy.npu-deploy');
  assert.ok(ext);
  return ext.activate();
}

describe('text and graph links in the extension host', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('highlights the node of the layer under the prototxt cursor as it moves', async () => {
    const uri = vscode.Uri.joinPath(ws(), 'lenet', 'mnist_deploy.prototxt');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('npuDeploy.openGraph', uri);
    const result = await poll('the graph panel to read the prototxt', async () => (await api()).viewerResult(uri));
    assert.ok(result.ok);
    const layerLine = (name: string) => doc.getText().split('\n').findIndex((l) => l.includes(`name: "${name}"`));
    for (const name of ['conv1', 'ip2', 'pool1']) {
      const line = layerLine(name);
      assert.ok(line > 0, name);
      // The line after the name: inside the layer's block, not on the name itself.
      editor.selection = new vscode.Selection(line + 1, 2, line + 1, 2);
      await poll(`${name} to be highlighted`, async () => (await api()).highlightedNode(uri) === name);
    }
  });

  it('links and opens callstack frames only for files inside the workspace', async () => {
    const file = vscode.Uri.joinPath(ws(), 'callstack_sample', 'model.py');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(Array.from({ length: 12 }, (_, i) => `line_${i + 1} = ${i + 1}`).join('\n')));
    try {
      const frames = await callstackFrames([
        '  File "callstack_sample/model.py", line 5, in forward\n    line_5 = 5',
        `  File "${file.fsPath}", line 7, in build`,
        '  File "/usr/lib/python3/dist-packages/paddle/nn/layer.py", line 10, in __call__',
        '  File "../outside.py", line 1, in f',
        '    not a frame',
      ]);
      assert.deepEqual(frames.map((f) => f.source), [
        { file: file.fsPath, line: 5 },
        { file: file.fsPath, line: 7 },
        undefined,
        undefined,
        undefined,
      ]);
      assert.equal(await openSourceLine('callstack_sample/model.py', 5), true);
      const editor = await poll('the file to open', () => vscode.window.activeTextEditor?.document.uri.fsPath === file.fsPath && vscode.window.activeTextEditor);
      assert.equal(editor.selection.start.line, 4);
      assert.equal(editor.document.getText(editor.selection), 'line_5 = 5');
      assert.equal(await openSourceLine('/etc/hostname', 1), false);
      assert.equal(await openSourceLine('../outside.py', 1), false);
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(ws(), 'callstack_sample'), { recursive: true });
    }
  });
});
