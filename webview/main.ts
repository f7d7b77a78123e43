// The model viewer webview. It holds no translations and reads no files: the host sends the
// strings (Init), the summary and the graph as typed arrays (ModelLoaded), and answers requests
// for what the graph leaves out (a node's details). The layout worker gets the graph and answers
// layout requests off this thread. What the user changed (search, scroll, selection) lives in the
// store and survives the tab being hidden.
import { CompactGraphReader } from '../src/core/graph/compactGraph';
import { MessageType, type HostMethods, type ModelLoadedMessage, type ToWebviewMessage } from '../src/protocol/messages';
import { RequestClient } from '../src/protocol/rpc';
import { format, type WebviewStrings } from '../src/protocol/strings';
import { h } from './dom';
import { LayoutClient } from './layout/layoutClient';
import { errorView } from './overview/errorView';
import { nodeDetailsView } from './overview/nodeDetailsView';
import { nodeTableView } from './overview/nodeTable';
import { headerView, opTypesView, tensorsView, warningsView } from './overview/summaryView';
import { ViewerStore } from './state/viewerStore';
import { progressRing } from './ui';
import { staticView, type View } from './view';
import { post, vscodeApi } from './vscodeApi';

const app = document.getElementById('app') ?? document.body.appendChild(h('main', { id: 'app' }));
const store = new ViewerStore(vscodeApi);
const host = new RequestClient<HostMethods>((message) => vscodeApi.postMessage(message));
let strings: WebviewStrings | undefined;
let restoredScroll = false;
/** Number of the read whose result is shown; an older one arriving late is ignored. */
let shownVersion = 0;
/** What the current page is made of, disposed when the next message replaces it. */
let views: View[] = [];

function show(next: View[]): void {
  for (const v of views) v.dispose();
  views = next;
  app.replaceChildren(...next.map((v) => v.element));
}

function render(message: Exclude<ToWebviewMessage, { type: 'reply' }>): void {
  if (!strings) return;
  const s = strings;
  const reload = () => post({ type: MessageType.Reload });
  switch (message.type) {
    case MessageType.Loading:
      show([staticView(h('div', { class: 'loading' }, progressRing(s.loading), h('span', {}, format(s.readingFile, message.fileName))))]);
      break;
    case MessageType.ModelError:
      if (message.version < shownVersion) return;
      shownVersion = message.version;
      show([staticView(errorView(message.error, s, reload))]);
      break;
    case MessageType.ModelLoaded:
      if (message.version < shownVersion) return;
      shownVersion = message.version;
      show(overview(message, s, reload));
      if (!restoredScroll) {
        restoredScroll = true;
        window.scrollTo(0, store.state.scrollTop);
      }
      break;
    default:
      return;
  }
  document.body.dataset.view = message.type;
}

function overview(message: ModelLoadedMessage, s: WebviewStrings, reload: () => void): View[] {
  const { model, graph, canRevealSource } = message;
  const { info } = model;
  const reader = new CompactGraphReader(graph);
  const layout = new LayoutClient();
  const depth = h('dd', { 'data-testid': 'layer-count' }, '…');
  // The worker gets its own copy (the table keeps reading this one) and answers with the layering.
  layout.request('layering', { graph }).then(
    ({ layerCount }) => (depth.textContent = String(layerCount)),
    () => (depth.textContent = s.unknown),
  );
  const header = headerView(model, s, reload, [h('dt', {}, s.layers), depth]);

  const details = h('div', { class: 'details-column' });
  let detailsView: View | undefined;
  const showDetails = (nodeId: string | undefined) => {
    detailsView?.dispose();
    detailsView = nodeDetailsView({ nodeId, strings: s, fetch: (id) => host.request('nodeDetails', { nodeId: id }) });
    details.replaceChildren(detailsView.element);
  };
  const selected = store.state.selection[0];
  showDetails(selected);

  const table = nodeTableView({
    reader,
    strings: s,
    search: store.state.search,
    selected,
    onSearch: (q) => store.update({ search: q }),
    onSelect: (nodeId) => {
      store.update({ selection: [nodeId] });
      showDetails(nodeId);
    },
    onReveal: canRevealSource ? (nodeId) => post({ type: MessageType.RevealNode, nodeId }) : undefined,
  });

  return [
    staticView(header),
    staticView(h('div', { class: 'columns' },
      tensorsView(s.inputs, info.inputs, s, 'inputs'),
      tensorsView(s.outputs, info.outputs, s, 'outputs'),
    )),
    staticView(h('div', { class: 'columns' }, opTypesView(info.opTypes, s), warningsView(info.warnings, s))),
    { element: h('div', { class: 'columns table-and-details' }, table.element, details), dispose: () => {
      table.dispose();
      detailsView?.dispose();
      layout.dispose();
    } },
  ];
}

window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => {
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
  render(message);
});

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => store.update({ scrollTop: window.scrollY }), 200);
});

post({ type: MessageType.Ready });
