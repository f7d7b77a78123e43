// The page for a model that was read: two tabs over one selection. "Graph" fills the main area
// with the drawn graph (and the selected node's details beside it); "Overview" keeps the header,
// inputs and outputs, op types, warnings and the node table with the details. The details panel
// is one element, moved to whichever tab shows, so there is one request per selection and one
// `node-details` on the page. Selecting a node anywhere selects it everywhere; a row picked in the
// table is centred in the graph.
import { CompactGraphReader } from '../src/core/graph/compactGraph';
import type { HostMethods, ModelLoadedMessage, ViewerState } from '../src/protocol/messages';
import type { RequestClient } from '../src/protocol/rpc';
import type { WebviewStrings } from '../src/protocol/strings';
import { h } from './dom';
import { graphView } from './graph/graphView';
import { LayoutClient } from './layout/layoutClient';
import { nodeDetailsView } from './overview/nodeDetailsView';
import { matchesSearch, nodeTableView } from './overview/nodeTable';
import { headerView, opTypesView, tensorsView, warningsView } from './overview/summaryView';
import type { ViewerStore } from './state/viewerStore';
import { button, searchField, tabs } from './ui';
import type { View } from './view';

const VIEWS: ViewerState['view'][] = ['graph', 'overview'];
/** Typing in the graph's find field waits this long before moving the view (and asking for details). */
const FIND_DELAY_MS = 250;

export function modelPage(message: ModelLoadedMessage, s: WebviewStrings, context: {
  store: ViewerStore;
  host: RequestClient<HostMethods>;
  reload: () => void;
  reveal?: (nodeId: string) => void;
}): View[] {
  const { store } = context;
  const { model, graph: compact } = message;
  const { info } = model;
  const reader = new CompactGraphReader(compact);
  const layoutClient = new LayoutClient();
  const depth = h('dd', { 'data-testid': 'layer-count' }, '…');
  // The worker gets its own copy of the graph (the table keeps reading this one) with the first
  // request, the layering, whose depth shows at once; the full layout, slower, comes after.
  layoutClient.request('layering', { graph: compact }).then(
    ({ layerCount }) => (depth.textContent = String(layerCount)),
    () => (depth.textContent = s.unknown),
  );
  const layout = layoutClient.request('layout', {});
  const header = headerView(model, s, context.reload, [h('dt', {}, s.layers), depth]);

  const details = h('div', { class: 'details-column' });
  let detailsView: View | undefined;
  const showDetails = (nodeId: string | undefined) => {
    detailsView?.dispose();
    detailsView = nodeDetailsView({ nodeId, strings: s, fetch: (id) => context.host.request('nodeDetails', { nodeId: id }) });
    details.replaceChildren(detailsView.element);
  };
  const selected = store.state.selection[0];
  showDetails(selected);

  const select = (nodeId: string, from: 'graph' | 'table' | 'find') => {
    store.update({ selection: [nodeId] });
    showDetails(nodeId);
    if (from !== 'table') table.select(nodeId);
    if (from !== 'graph') graph.select(nodeId);
    if (from === 'table') graph.centreOn(nodeId);
    placeDetails();
  };

  const graph = graphView({ reader, layout, store, strings: s, onSelect: (id) => select(id, 'graph') });
  const table = nodeTableView({
    reader,
    strings: s,
    search: store.state.search,
    selected,
    onSearch: (q) => store.update({ search: q }),
    onSelect: (id) => select(id, 'table'),
    onReveal: context.reveal,
  });

  const graphArea = h('div', { class: 'graph-and-details' }, graph.element);
  const tableAndDetails = h('div', { class: 'columns table-and-details' }, table.element);
  const overview = h('div', { class: 'overview' },
    header,
    // A checkpoint folder without a program: no graph, its variables are what there is to see.
    info.variables ? tensorsView(s.variables, info.variables, s, 'variables') : [],
    h('div', { class: 'columns' }, tensorsView(s.inputs, info.inputs, s, 'inputs'), tensorsView(s.outputs, info.outputs, s, 'outputs')),
    h('div', { class: 'columns' }, opTypesView(info.opTypes, s), warningsView(info.warnings, s)),
    tableAndDetails,
  );

  // Finding in the graph: the first node whose id, type or tensors match is centred and selected.
  let findTimer: ReturnType<typeof setTimeout> | undefined;
  const find = (query: string) => {
    clearTimeout(findTimer);
    const q = query.trim();
    if (!q) return;
    findTimer = setTimeout(() => {
      for (let i = 0; i < compact.nodeCount; i++) {
        if (!matchesSearch(reader, i, q)) continue;
        const id = reader.nodeId(i);
        graph.centreOn(id);
        select(id, 'find');
        return;
      }
    }, FIND_DELAY_MS);
  };
  const tools = h('div', { class: 'graph-tools', 'data-testid': 'graph-tools' },
    searchField({ placeholder: s.findInGraph, label: s.findInGraph, value: '', onInput: find }),
    button({ label: s.fitToView, secondary: true, onClick: () => graph.fit() }),
  );

  let view: ViewerState['view'] = info.variables ? 'overview' : store.state.view;
  const placeDetails = () => {
    if (view === 'overview') tableAndDetails.append(details);
    else if (store.state.selection.length > 0) graphArea.append(details);
    else details.remove();
  };
  const showView = (next: ViewerState['view']) => {
    view = next;
    document.body.dataset.panel = next;
    tools.hidden = next !== 'graph';
    placeDetails();
  };
  const tabbed = tabs({
    tabs: [
      { id: 'graph', label: s.graph, content: graphArea },
      { id: 'overview', label: s.overview, content: overview },
    ],
    selected: VIEWS.indexOf(view),
    addons: tools,
    onSelect: (index) => {
      const next = VIEWS[index] ?? 'graph';
      if (next === view) return;
      store.update({ view: next });
      showView(next);
      // The overview scrolls the page; the graph does not, so come back to where the overview was.
      if (next === 'overview') window.scrollTo(0, store.state.scrollTop);
    },
  });
  showView(view);

  return [
    { element: tabbed, dispose: () => {
      clearTimeout(findTimer);
      graph.dispose();
      table.dispose();
      detailsView?.dispose();
      layoutClient.dispose();
      delete document.body.dataset.panel;
    } },
  ];
}
