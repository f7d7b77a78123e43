// The messages between the comparison results panel (src/extension/compareResultsPanel.ts) and
// its page (webview/compare). The host speaks first with CompareInit (strings and the result),
// then sends the original model's graph when it has one (CompareGraph); the page asks for the
// rest through paired requests (rpc.ts): a model to overlay, one tensor's detail, the Dump
// dialog around a layer.

import type { CompareResult } from '../core/compare/compareResult';
import type { TensorDetail } from '../core/compare/tensorDetail';
import type { CompactGraph } from '../core/graph/compactGraph';

export const COMPARE_READY = 'compareReady';
export const COMPARE_INIT = 'compareInit';
export const COMPARE_GRAPH = 'compareGraph';

export interface CompareInit {
  type: typeof COMPARE_INIT;
  locale: string;
  strings: CompareStrings;
  /** The results file as the user knows it, and its base name for the heading. */
  file: string;
  fileName: string;
  /** The results file's URI: the page keeps it in its state, so a window reload can bring the panel back. */
  resource: string;
  result: CompareResult;
}

/** The original model for the overlay: its graph, or why there is none (null: none was found, ask). */
export interface CompareGraph {
  type: typeof COMPARE_GRAPH;
  /** `resource`: the model's URI, kept in the page state like the results file's (a model the user chose comes back too). */
  model: { file: string; fileName: string; resource: string; graph: CompactGraph } | null;
  /** One line when the model could not be read. */
  error?: string;
}

export type ToComparePageMessage = CompareInit | CompareGraph;

export function isCompareInit(m: unknown): m is CompareInit {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === COMPARE_INIT;
}

export function isCompareGraph(m: unknown): m is CompareGraph {
  return typeof m === 'object' && m !== null && (m as { type?: unknown }).type === COMPARE_GRAPH;
}

/** One tensor's detail as the page draws it, or why it cannot be had (files gone, no reader yet). */
export type TensorDetailReply = { ok: true; detail: TensorDetail } | { ok: false; message: string };

export type CompareHostMethods = {
  /** A file picker for the original model; the host then posts CompareGraph. False when cancelled. */
  chooseModel: { params: Record<string, never>; result: { chosen: boolean } };
  /** The histogram, scatter and worst elements of the row at this index of the result's rows. */
  tensorDetail: { params: { row: number }; result: TensorDetailReply };
  /** Opens the Dump dialog on the overlaid model with this range (around the first bad layer). */
  dumpRange: { params: { starts: string[]; ends: string[] }; result: void };
};

/** What the page keeps across being hidden (vscode.setState). */
export interface ComparePageState {
  tab: 'table' | 'graph' | 'curve';
  metric: string;
  /** Threshold per metric, where the user moved the slider. */
  thresholds: Record<string, number>;
  filter: string;
  failingOnly: boolean;
  sort: { column: string; descending: boolean } | null;
  /** Index in the result's rows of the selected row. */
  selected: number | null;
  zoom: { x: number; y: number; k: number } | null;
  /** The URIs of the results file and of the model overlaid (CompareInit, CompareGraph): what a window reload restores. */
  resource: string | null;
  model: string | null;
}

/**
 * What the panel's serializer reopens after a window reload, from the state the page saved: the
 * results file and the model it overlaid; undefined when the state names no results file (a page
 * that never got its result, or a state of another shape).
 */
export function compareRestoreTarget(state: unknown): { resource: string; model?: string } | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const { resource, model } = state as { resource?: unknown; model?: unknown };
  if (typeof resource !== 'string' || resource === '') return undefined;
  return typeof model === 'string' && model !== '' ? { resource, model } : { resource };
}

/** The page's text, localised on the host. `{0}` placeholders are filled by format(). */
export interface CompareStrings {
  /** `{0} compared, {1} passed, {2} failed` */
  summary: string;
  /** `Unmatched: {0} NPU, {1} golden` */
  unmatched: string;
  firstBad: string;
  noFailure: string;
  table: string;
  graph: string;
  curve: string;
  filter: string;
  failingOnly: string;
  /** `{0} of {1} rows` */
  rowsShown: string;
  noRowMatches: string;
  /** `Showing the first {0} rows; filter to see the rest.` */
  rowsTruncated: string;
  columnIndex: string;
  columnName: string;
  columnTensor: string;
  columnShape: string;
  columnDtype: string;
  columnPass: string;
  pass: string;
  fail: string;
  metric: string;
  threshold: string;
  /** Metric names, by the key of the result's field. */
  metricNames: Record<string, string>;
  legendPass: string;
  legendFail: string;
  legendNone: string;
  showInGraph: string;
  dumpAround: string;
  chooseModel: string;
  noModel: string;
  /** `The layer {0} is not in the model's graph.` */
  notInGraph: string;
  /** `Overlay on {0}` */
  overlayOn: string;
  detail: string;
  histogram: string;
  scatter: string;
  worst: string;
  index: string;
  npuValue: string;
  goldenValue: string;
  absError: string;
  /** `{0} elements, {1} not finite` */
  elements: string;
  loadingDetail: string;
  selectRow: string;
  curveLabel: string;
  /** `{0} elements sampled of {1}` */
  sampled: string;
  graphLabel: string;
  graphKeys: string;
  layingOut: string;
  layoutFailed: string;
  /** The graph's group labels (the viewer's, as its graph view shows groups here too). */
  groupNodes: string;
  groupKeys: string;
  groupCollapsed: string;
}
