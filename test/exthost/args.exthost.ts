// Runs inside the extension host (see index.ts): the compiler-argument checks as a user meets
// them in a real VS Code: a shell script with an option pasted from a manual (an en dash) gets a
// squiggle from the language server, and its quick fix, applied, leaves the script clean.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { poll } from './poll';

const code = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);

describe('compiler arguments in the extension host', () => {
  it('underlines an option written with an en dash in a shell script, and its quick fix mends it', async () => {
    await vscode.extensions.getExtension('npu-deploy.npu-deploy')?.activate();
    const line = 'python3 -m bmpaddle \u2013model=./m --shapes=[1,3,224,224] --input_names=x --output_names=y --net_name=n --target=BM1684';
    const doc = await vscode.workspace.openTextDocument({ language: 'shellscript', content: `#!/bin/bash\n${line}\n` });
    await vscode.window.showTextDocument(doc);
    try {
      const squiggle = await poll('the en-dash diagnostic', () => vscode.languages.getDiagnostics(doc.uri).find((d) => code(d) === 'bmpaddle.dash-option'));
      assert.equal(squiggle.severity, vscode.DiagnosticSeverity.Error);
      assert.deepEqual([squiggle.range.start.line, squiggle.range.start.character, squiggle.range.end.character], [1, 20, 21]);
      // Asked again until it answers: the workbench cancels a code-action request when the
      // document's markers change under it (diagnostics published again), and then gets none.
      let offered: string[] = [];
      const fix = await poll('the quick fix', async () => {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, squiggle.range, vscode.CodeActionKind.QuickFix.value);
        offered = actions.map((a) => a.title);
        return actions.find((a) => a.title === 'Write --model' && a.edit);
      }, 20_000).catch((e: Error) => assert.fail(`${e.message}; offered: ${offered.join(', ')}`));
      assert.ok(fix.edit);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(doc.lineAt(1).text, line.replace('\u2013', '--'));
      await poll('the diagnostics to clear', () => vscode.languages.getDiagnostics(doc.uri).length === 0);
    } finally {
      // An Untitled document with text would stop closeAllEditors on a "Save changes?" dialog.
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
