// The model viewer webview. It holds no translations and reads no files: the host sends the
// strings (Init), the summary and the graph as typed arrays (ModelLoaded), and answers requests
// for what the graph leaves out (a node's details). modelPage draws a model: the graph (laid out
// by the worker off this thread) and the overview. What the user changed (tab, search, scroll,
// zoom, selection) lives in the store and survives the tab being hidden.
import { MessageType, type HostMethods, type ToWebviewMessage } from '../src/protocol/messages';
import { RequestClient } from '../src/protocol/rpc';
import { format, type WebviewStrings } from '../src/protocol/strings';
import { h } from './dom';
import { stage, startStages } from './graph/graphTimings';
import { LayoutClient } from './layout/layoutClient';
import { modelPage } from './modelPage';
import { errorView } from './overview/errorView';
import { ViewerStore } from './state/viewerStore';
import { progressRing } from './ui';
import { staticView, type View } from './view';
import { post, vscodeApi } from './vscodeApi';

const app = document.getElementById('app') ?? document.body.appendChild(h('main', { id: 'app' }));
const store = new ViewerStore(vscodeApi);
const host = new RequestClient<HostMethods>((message) => vscodeApi.postMessage(message));
// The layout worker starts now, while the host reads the model; every model page shown uses it.
const layoutClient = new LayoutClient();
layoutClient.warm();
let strings: WebviewStrings | undefined;
let restoredScroll = false;
/** Number of the read whose result is shown; an older one arriving late is ignored. */
let shownVersion = 0;
/** What the current page is made of, disposed when the next message replaces it. */
let views: View[] = [];
/** Selects and centres a node of the model page shown (the text cursor beside it moved). */
let highlight: ((nodeId: string) => void) | undefined;

/**
 * Replaces the page. A page given as a function is made after the old one is disposed: a model
 * page's layout requests then never wait behind (or get cancelled with) the old page's.
 */
function show(next: View[] | (() => View[])): void {
  for (const v of views) v.dispose();
  views = [];
  views = typeof next === 'function' ? next() : next;
  app.replaceChildren(...views.map((v) => v.element));
}

function render(message: Exclude<ToWebviewMessage, { type: 'reply' }>, arrived: number): void {
  if (!strings) return;
  const s = strings;
  const reload = () => post({ type: MessageType.Reload });
  switch (message.type) {
    case MessageType.Loading:
      highlight = undefined;
      show([staticView(h('div', { class: 'loading' }, progressRing(s.loading), h('span', {}, format(s.readingFile, message.fileName))))]);
      break;
    case MessageType.ModelError:
      if (message.version < shownVersion) return;
      shownVersion = message.version;
      highlight = undefined;
      show([staticView(errorView(message.error, s, reload))]);
      break;
    case MessageType.ModelLoaded:
      if (message.version < shownVersion) return;
      shownVersion = message.version;
      startStages(arrived);
      show(() => modelPage(message, s, {
        store,
        host,
        layoutClient,
        reload,
        reveal: message.canRevealSource ? (nodeId) => post({ type: MessageType.RevealNode, nodeId }) : undefined,
        dumpRange: (starts, ends) => post({ type: MessageType.DumpRange, starts, ends }),
        setHighlight: (fn) => (highlight = fn),
      }));
      stage('pageShown');
      if (!restoredScroll) {
        restoredScroll = true;
        if (store.state.view === 'overview') window.scrollTo(0, store.state.scrollTop);
      }
      break;
    default:
      return;
  }
  document.body.dataset.view = message.type;
}

window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => {
  // Before the data is read: a model's graph is deserialised on that first read.
  const arrived = performance.now();
  const message = event.data;
  if (!message || typeof message !== 'object') return;
  if (message.type === 'reply') {
    host.handle(message);
    return;
  }
  if (message.type === MessageType.Init) {
    strings = message.strings;
    document.documentElement.lang = message.locale;
    if (store.state.resource !== message.resource) store.update({ resource: message.resource });
    return;
  }
  if (message.type === MessageType.HighlightNode) {
    highlight?.(message.nodeId);
    return;
  }
  render(message, arrived);
});

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  // Only the overview scrolls the page; the graph pans inside its canvas.
  if (store.state.view === 'overview') scrollTimer = setTimeout(() => store.update({ scrollTop: window.scrollY }), 200);
});

post({ type: MessageType.Ready });
