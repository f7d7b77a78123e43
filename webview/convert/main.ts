// The conversion form page (dist/webview/convert.js): says it is ready, renders the form from the
// host's ConvertInit, and carries the form's requests to the host and the replies back. The
// fields are kept with vscode.setState, so a page VS Code reloads after hiding it comes back as
// the user left it.
import { CONVERT_READY, isConvertInit, type ConversionForm, type ConvertHostMethods } from '../../src/protocol/convertMessages';
import { RequestClient } from '../../src/protocol/rpc';
import { renderConvertForm } from './convertForm';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const host = new RequestClient<ConvertHostMethods>((message) => vscode.postMessage(message));
const root = document.getElementById('app') as HTMLElement;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (isConvertInit(message)) {
    const saved = vscode.getState() as ConversionForm | null;
    // Kept by an older page, a form may lack a field added since: the prefill fills it.
    const form = saved && saved.model === message.form.model ? { ...message.form, ...saved } : message.form;
    // Fields kept from before are checked again: the model or the hosts may have changed meanwhile.
    renderConvertForm(root, host, { ...message, form, recheck: form !== message.form }, (f) => vscode.setState(f));
  } else host.handle(message);
});
vscode.postMessage({ type: CONVERT_READY });
