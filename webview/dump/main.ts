// The Dump dialog page (dist/webview/dump.js): says it is ready, renders the form from the host's
// DumpInit, and carries the form's requests to the host and the replies back. The fields are kept
// with vscode.setState, so a page VS Code reloads after hiding it comes back as the user left it.
import { DUMP_READY, isDumpInit, type DumpHostMethods } from '../../src/protocol/dumpMessages';
import { RequestClient } from '../../src/protocol/rpc';
import { renderDumpForm, type SavedDumpForm } from './dumpForm';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const host = new RequestClient<DumpHostMethods>((message) => vscode.postMessage(message));
const root = document.getElementById('app') as HTMLElement;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (isDumpInit(message)) {
    const saved = vscode.getState() as SavedDumpForm | null;
    renderDumpForm(root, host, message.strings, saved ?? message.form, (form) => vscode.setState(form));
  }
  else host.handle(message);
});
vscode.postMessage({ type: DUMP_READY });
