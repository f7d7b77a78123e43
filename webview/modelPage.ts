// The page for a model that was read: two tabs over one selection. "Graph" fills the main area
// with the drawn graph (and the selected node's details beside it); "Overview" keeps the header,
// inputs and outputs, op types, warnings and the node table with the details. The details panel
// is one element, moved to whichever tab shows, so there is one request per selection and one
// `node-details` on the page. Selecting a node anywhere selects it everywhere; a row picked in the
// table is centred in the graph. The range chosen by right-clicking nodes (range/) is coloured in
// the graph and described in a panel above the details, in the same column. Groups (nodeGroups.ts)
// start expanded on a graph of a few thousand nodes or fewer and collapsed on a bigger one, until
// the user chooses; the tools then offer Expand all and Collapse all.
import { CompactGraphReader } from '../src/core/graph/compactGraph';
import { nodeGroups } from '../src/core/graph/nodeGroups';
import type { HostMethods, ModelLoadedMessage, ViewerState } from '../src/protocol/messages';
import type { RequestClient } from '../src/protocol/rpc';
import type { WebviewStrings } from '../src/protocol/strings';
import { h } from './dom';
import { exportButton } from './graph/exportButton';
import { graphFind } from './graph/graphFind';
import { stage } from './graph/graphTimings';
import { graphView } from './graph/graphView';
import type { LayoutClient } from './layout/layoutClient';
import { RangeChoice, type RangeAction } from './range/rangeChoice';
import { rangeMenu } from './range/rangeMenu';
import { rangePanel } from './range/rangePanel';
import { rangeRefusalText } from './range/rangeRefusalText';
import { nodeDetailsView } from './overview/nodeDetailsView';
import { nodeTableView } from './overview/nodeTable';
import { headerView, opTypesView, tensorsView, warningsView } from './overview/summaryView';
import type { ViewerStore } from './state/viewerStore';
import { button, tabs } from './ui';
import type { View } from './view';

const VIEWS: ViewerState['view'][] = ['graph', 'overview'];
/** Graphs of more nodes than this open with their groups collapsed: the top level stays a few hundred boxes. */
const GROUPS_OPEN_UP_TO = 2000;

export function modelPage(message: ModelLoadedMessage, s: WebviewStrings, context: {
  store: ViewerStore;
  host: RequestClient<HostMethods>;
  /** The page's layout worker (warm already): released, not terminated, when the page goes. */
  layoutClient: LayoutClient;
  reload: () => void;
  reveal?: (nodeId: string) => void;
  dumpRange: (starts: string[], ends: string[]) => void;
  /**
   * Gives the page's "select and centre this node" to the page's owner (the text cursor drives
   * it); the next page, or an error shown instead, replaces it.
   */
  setHighlight?: (highlight: (nodeId: string) => void) => void;
}): View[] {
  const { store } = context;
  const { model, graph: compact } = message;
  const { info } = model;
  stage('pageStarted');
  const reader = new CompactGraphReader(compact);
  const { layoutClient } = context;
  // The layout first, and with it the worker's own copy of the graph (the table keeps reading
  // this one): nothing waits in the worker's queue before it. The groups are found on this
  // thread while the worker lays out (a small graph opens with every group expanded, and needs
  // their paths first; it is quick to group).
  let grouping = compact.nodeCount <= GROUPS_OPEN_UP_TO && !store.state.groupsChosen ? nodeGroups(compact, reader) : undefined;
  const expandedGroups = store.state.groupsChosen ? store.state.expandedGroups : grouping ? grouping.groupPath : [];
  const layout = layoutClient.request('groupedLayout', { graph: compact, expanded: [...expandedGroups] });
  stage('layoutAsked');
  grouping ??= nodeGroups(compact, reader);
  stage('groupsFound');
  // The net's depth shows once the worker has the layout done: it comes after, from the same copy.
  const depth = h('dd', { 'data-testid': 'layer-count' }, '…');
  layoutClient.request('layering', {}).then(
    ({ layerCount }) => (depth.textContent = String(layerCount)),
    () => (depth.textContent = s.unknown),
  );
  const header = headerView(model, s, context.reload, [h('dt', {}, s.layers), depth]);

  const details = h('div', { class: 'details-column' });
  let detailsView: View | undefined;
  const showDetails = (nodeId: string | undefined) => {
    const previous = detailsView;
    detailsView = nodeDetailsView({ nodeId, strings: s, host: context.host });
    if (previous) {
      previous.element.replaceWith(detailsView.element);
      previous.dispose();
    } else details.append(detailsView.element);
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

  // The range: restored from the store by id (a node gone from an edited prototxt is dropped, and a
  // restored choice the rule now refuses is cleared), then changed only through the menu.
  const choice = new RangeChoice(compact);
  const indices = (ids: readonly string[]) => ids.flatMap((id) => reader.nodeIndex(id) ?? []);
  if (choice.choose(indices(store.state.range.starts), indices(store.state.range.ends))) choice.choose([], []);
  const saveRange = () => store.update({ range: { starts: choice.startNodes.map((v) => reader.nodeId(v)), ends: choice.endNodes.map((v) => reader.nodeId(v)) } });
  const range = rangePanel({ reader, strings: s, onClear: () => changeRange('clear', 0), onDump: context.dumpRange });
  range.update(choice);
  details.prepend(range.element);

  function changeRange(action: RangeAction, node: number): void {
    const refusal = choice.apply(action, node);
    if (refusal) {
      range.update(choice, rangeRefusalText(refusal, reader, s));
    } else {
      range.update(choice);
      saveRange();
      graph.redraw();
    }
    placeDetails();
  }

  let menu: HTMLElement | undefined;
  const openMenu = (node: number, at: { x: number; y: number }, shift: boolean) => {
    menu?.remove();
    const opened = rangeMenu({
      node,
      choice,
      shift,
      strings: s,
      onAction: (action) => changeRange(action, node),
      onClose: () => {
        if (menu !== opened) return;
        menu = undefined;
        const hadFocus = opened.contains(document.activeElement) || document.activeElement === opened || document.activeElement === document.body;
        opened.remove();
        if (hadFocus) graph.focus();
      },
    });
    opened.dataset.nodeId = reader.nodeId(node);
    // Kept inside the view: a menu opened near the right or bottom edge opens towards the middle.
    const area = graph.element.getBoundingClientRect();
    opened.style.left = `${Math.max(0, Math.min(at.x, area.width - 200))}px`;
    opened.style.top = `${Math.max(0, Math.min(at.y, area.height - 160))}px`;
    menu = opened;
    graph.element.append(opened);
  };

  const graph = graphView({
    reader,
    layout,
    store,
    strings: s,
    onSelect: (id) => select(id, 'graph'),
    roles: choice.roles,
    onContextMenu: openMenu,
    onCancel: () => layoutClient.cancel(),
    groups: { grouping, expanded: expandedGroups, relayout: (expanded) => layoutClient.request('groupedLayout', { expanded }) },
  });
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

  // Finding in the graph: each match centred and selected, previous and next through them.
  const finder = graphFind({
    reader,
    opTypes: info.opTypes,
    strings: s,
    show: (id) => {
      graph.centreOn(id);
      select(id, 'find');
    },
  });
  context.setHighlight?.((id) => {
    if (reader.nodeIndex(id) === undefined) return;
    // Selected first: that places the details panel, and the centring then fits the canvas left.
    select(id, 'find');
    graph.centreOn(id);
  });
  const exporter = exportButton({
    graph,
    host: context.host,
    strings: s,
    // Only a complete range is coloured in the SVG; the host runs the rule on it again.
    range: () => (choice.selection ? { starts: choice.startNodes.map((v) => reader.nodeId(v)), ends: choice.endNodes.map((v) => reader.nodeId(v)) } : undefined),
  });
  const tools = h('div', { class: 'graph-tools', 'data-testid': 'graph-tools' },
    finder.element,
    button({ label: s.fitToView, secondary: true, onClick: () => graph.fit() }),
    grouping.groupCount > 0 ? [groupButton(s.expandAll, 'expand-all', () => graph.expandAll()), groupButton(s.collapseAll, 'collapse-all', () => graph.collapseAll())] : [],
    exporter.element,
  );

  let view: ViewerState['view'] = info.variables ? 'overview' : store.state.view;
  const placeDetails = () => {
    if (view === 'overview') tableAndDetails.append(details);
    else if (store.state.selection.length > 0 || range.shown) graphArea.append(details);
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
      finder.dispose();
      menu?.remove();
      exporter.dispose();
      graph.dispose();
      table.dispose();
      detailsView?.dispose();
      layoutClient.release();
      delete document.body.dataset.panel;
    } },
  ];
}

function groupButton(label: string, testId: string, onClick: () => void): HTMLElement {
  const element = button({ label, secondary: true, onClick });
  element.dataset.testid = testId;
  element.classList.add('group-button');
  return element;
}
