// The webview side of the VS Code API, acquired once: typed posting, and the state the store keeps.
import type { FromWebviewMessage } from '../src/protocol/messages';
import type { StateApi } from './state/viewerStore';

interface VsCodeApi extends StateApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscodeApi: VsCodeApi = acquireVsCodeApi();

export function post(message: FromWebviewMessage): void {
  vscodeApi.postMessage(message);
}
