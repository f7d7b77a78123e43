// The comparison results page (dist/webview/compare.js): says it is ready, draws the result the
// host sends (CompareInit), the original model's graph when it comes (CompareGraph), and carries
// the page's requests (a model to overlay, a tensor's detail, the Dump dialog) to the host.
import { COMPARE_READY, isCompareGraph, isCompareInit, type CompareHostMethods, type ComparePageState } from '../../src/protocol/compareMessages';
import { RequestClient } from '../../src/protocol/rpc';
import { h } from '../dom';
import { comparePage, type ComparePage } from './comparePage';
import { normaliseCompareState } from './compareState';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const host = new RequestClient<CompareHostMethods>((message) => vscode.postMessage(message));
const app = document.getElementById('app') ?? document.body.appendChild(h('main', { id: 'app' }));
let state: ComparePageState = normaliseCompareState(vscode.getState());
let page: ComparePage | undefined;

const save = (patch: Partial<ComparePageState>) => {
  state = { ...state, ...patch };
  vscode.setState(state);
};

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (isCompareInit(message)) {
    page?.dispose();
    // The results file the panel shows: what the serializer reopens after a window reload.
    save({ resource: message.resource });
    document.documentElement.lang = message.locale;
    page = comparePage(message, host, state, save);
    app.replaceChildren(page.element);
  } else if (isCompareGraph(message)) page?.setGraph(message);
  else host.handle(message);
});
vscode.postMessage({ type: COMPARE_READY });
