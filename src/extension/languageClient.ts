// Starts the language server (dist/server.js, its own Node process over IPC) for prototxt, and
// for shell scripts and Python files, where it checks the compiler calls (a script without a
// known extension is still shellscript or python to VS Code by its shebang), and for
// .vscode/tasks.json, where it checks the tool args of npu-deploy tasks.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export async function startLanguageClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'caffe-prototxt' }, { language: 'shellscript' }, { language: 'python' }, { language: 'jsonc', pattern: '**/.vscode/tasks.json' }],
    initializationOptions: { locale: vscode.env.language },
  };
  const client = new LanguageClient('npuDeploy', vscode.l10n.t('NPU Deploy Language Server'), serverOptions, clientOptions);
  await client.start();
  return client;
}
