// The model viewer webview. It holds no translations and reads no files: the host sends the
// strings (Init) and the model as plain JSON (ModelLoaded / ModelError), and this page draws an
// overview. The search text and scroll position survive the tab being hidden (setState).
import { MessageType, type ModelView, type ToWebviewMessage } from '../src/protocol/messages';
import { format, type WebviewStrings } from '../src/protocol/strings';
import { h } from './dom';
import { progressRing } from './ui';
import { errorView } from './overview/errorView';
import { nodeTableView } from './overview/nodeTable';
import { headerView, opTypesView, tensorsView, warningsView } from './overview/summaryView';
import { loadState, post, saveState } from './vscodeApi';

const app = document.getElementById('app') ?? document.body.appendChild(h('main', { id: 'app' }));
const state = loadState();
let strings: WebviewStrings | undefined;
let restoredScroll = false;

function render(message: ToWebviewMessage): void {
  if (!strings) return;
  const s = strings;
  const reload = () => post({ type: MessageType.Reload });
  switch (message.type) {
    case MessageType.Loading:
      app.replaceChildren(h('div', { class: 'loading' }, progressRing(s.loading), h('span', {}, format(s.readingFile, message.fileName))));
      break;
    case MessageType.ModelError:
      app.replaceChildren(errorView(message.error, s, reload));
      break;
    case MessageType.ModelLoaded:
      app.replaceChildren(...overview(message.model, s, message.canRevealSource, reload));
      if (!restoredScroll) {
        restoredScroll = true;
        window.scrollTo(0, state.scrollTop);
      }
      break;
  }
  document.body.dataset.view = message.type;
}

function overview(model: ModelView, s: WebviewStrings, canReveal: boolean, reload: () => void): HTMLElement[] {
  const { info } = model;
  return [
    headerView(model, s, reload),
    h('div', { class: 'columns' },
      tensorsView(s.inputs, info.inputs, s, 'inputs'),
      tensorsView(s.outputs, info.outputs, s, 'outputs'),
    ),
    h('div', { class: 'columns' }, opTypesView(info.opTypes, s), warningsView(info.warnings, s)),
    nodeTableView({
      nodes: info.nodes,
      strings: s,
      search: state.search,
      onSearch: (q) => {
        state.search = q;
        saveState(state);
      },
      onReveal: canReveal ? (nodeId) => post({ type: MessageType.RevealNode, nodeId }) : undefined,
    }),
  ];
}

window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => {
  const message = event.data;
  if (!message || typeof message !== 'object') return;
  if (message.type === MessageType.Init) {
    strings = message.strings;
    document.documentElement.lang = message.locale;
    if (state.resource !== message.resource) {
      state.resource = message.resource;
      saveState(state);
    }
    return;
  }
  render(message);
});

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => {
    state.scrollTop = window.scrollY;
    saveState(state);
  }, 200);
});

post({ type: MessageType.Ready });
