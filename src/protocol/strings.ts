// Every string the model viewer webview shows. The host fills this table with vscode.l10n.t
// (src/extension/webviewStrings.ts) and sends it in the Init message, so the webview bundle holds
// no translations. `{0}`-style placeholders are filled in the webview by `format`.

export interface WebviewStrings {
  loading: string;
  /** Heading of the layer count (longest path through the graph, from the layout worker). */
  layers: string;
  details: string;
  /** Shown in the details panel before a node is selected. */
  selectNode: string;
  weights: string;
  attributes: string;
  /** `Reading {0}…` */
  readingFile: string;
  cannotOpen: string;
  reload: string;
  framework: string;
  format: string;
  nodes: string;
  params: string;
  inputs: string;
  outputs: string;
  /** Heading of a checkpoint folder's variable table. */
  variables: string;
  name: string;
  shape: string;
  dtype: string;
  unknown: string;
  opTypes: string;
  count: string;
  nodeTable: string;
  searchPlaceholder: string;
  /** `{0} of {1} nodes` */
  shownOfTotal: string;
  noMatch: string;
  id: string;
  type: string;
  warnings: string;
  noWarnings: string;
  showSource: string;
  /** `Showing the first {0} rows; refine the search to see others.` */
  truncated: string;
  paddle: string;
  caffe: string;
  /** The tabs: the graph drawn, and the overview (header, tables, details). */
  graph: string;
  overview: string;
  /** The canvas's accessible name: what it is and how to use it. */
  graphLabel: string;
  findInGraph: string;
  findPrevious: string;
  cancel: string;
  layoutCancelled: string;
  layOutAgain: string;
  findNext: string;
  findCount: string;
  findNone: string;
  allTypes: string;
  fitToView: string;
  layingOut: string;
  /** `The graph could not be laid out: {0}` (the worker's error). */
  layoutFailed: string;
  /** The range selection: the node menu's choices (its accessible name is rangeMenu). */
  rangeMenu: string;
  setAsStart: string;
  setAsEnd: string;
  addAsStart: string;
  addAsEnd: string;
  removeFromRange: string;
  clearRange: string;
  /** The range panel: heading, the chosen nodes, the count of nodes between, the sub-model's ports. */
  range: string;
  rangeStarts: string;
  rangeEnds: string;
  rangeNodeCount: string;
  subModelInputs: string;
  subModelOutputs: string;
  /** Shown while only starts or only ends are chosen. */
  rangeIncomplete: string;
  /** `Not changed: {0}` — a refused choice, the reason after it. */
  rangeRefused: string;
  /** Why a choice is refused; the same sentences src/core/graph/rangeSelection.ts words for the CLI. */
  rangeEndAboveStart: string;
  rangeNoPathBetween: string;
  rangeNoPathFromStart: string;
  rangeNoPathToEnd: string;
  /** The canvas's keyboard help beyond its label: node navigation and the range menu. */
  graphKeys: string;
  /** The graph tools' Export button and its two choices. */
  exportView: string;
  exportSvg: string;
  exportPng: string;
  /** The range panel's button that opens the Dump dialog with the range filled in. */
  dumpRange: string;
  /** Heading of a Paddle op's call stack in the details panel. */
  callstack: string;
  showCallstack: string;
  /** Tooltip of a call stack frame's link: `Open {0} at line {1}` */
  openFrame: string;
  /** Button asking for a weight's statistics. */
  statistics: string;
  statMin: string;
  statMax: string;
  statMean: string;
  /** Standard deviation. */
  statStd: string;
  /** Number of elements. */
  statCount: string;
  statNonFinite: string;
  /** `NaN {0}, +Inf {1}, −Inf {2}` */
  statNonFiniteCounts: string;
  /** Accessible name of the histogram: `Histogram in {0} bins from {1} to {2}` */
  histogramLabel: string;
  /** The weight's bytes are not loaded (any more). */
  noWeightData: string;
  /** Groups: the graph tools' two buttons, a collapsed group's count `{0} nodes`, the keys, and what a screen reader hears on a collapsed group. */
  expandAll: string;
  collapseAll: string;
  groupNodes: string;
  groupKeys: string;
  /** `Group {0}, {1} nodes, collapsed` */
  groupCollapsed: string;
}

/** Replaces `{0}`, `{1}`… with the arguments, as vscode.l10n.t does. */
export function format(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}
