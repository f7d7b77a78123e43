// The webview side of the VS Code API: typed posting and state.
import type { FromWebviewMessage, ViewerState } from '../src/protocol/messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: FromWebviewMessage): void {
  api.postMessage(message);
}

export function loadState(): ViewerState {
  const s = api.getState() as Partial<ViewerState> | undefined;
  return {
    search: typeof s?.search === 'string' ? s.search : '',
    scrollTop: typeof s?.scrollTop === 'number' ? s.scrollTop : 0,
    resource: typeof s?.resource === 'string' ? s.resource : undefined,
  };
}

export function saveState(state: ViewerState): void {
  api.setState(state);
}
