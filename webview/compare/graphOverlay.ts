// The comparison on the original model's graph: the viewer's own canvas (graphView), each node
// that a row stands for filled green where the chosen metric passes the threshold and red where
// it fails, nodes no row names left as they are, and the first bad layer outlined. A node
// clicked selects its row; a row selected centres its node. The legend says what each colour is.

import type { CompareMetric, CompareResult } from '../../src/core/compare/compareResult';
import { CompactGraphReader, type CompactGraph } from '../../src/core/graph/compactGraph';
import type { ComparePageState, CompareStrings } from '../../src/protocol/compareMessages';
import { format } from '../../src/protocol/strings';
import { h } from '../dom';
import type { GraphOverlay } from '../graph/drawGraph';
import { graphView, type GraphView } from '../graph/graphView';
import { onThemeChange } from '../graph/graphTheme';
import { LayoutClient } from '../layout/layoutClient';
import { ViewerStore } from '../state/viewerStore';
import type { View } from '../view';
import { metricValue, passes } from './metricScale';
import { rowNodes } from '../../src/core/compare/rowNodes';

export const enum OverlayClass {
  None = 0,
  Pass = 1,
  Fail = 2,
}

/** Theme variables for the two classes and the outline, each with fallbacks every theme kind defines. */
const COLOURS = {
  pass: ['--vscode-charts-green', '--vscode-testing-iconPassed', '--vscode-terminal-ansiGreen'],
  fail: ['--vscode-charts-red', '--vscode-errorForeground', '--vscode-testing-iconFailed'],
  outline: ['--vscode-charts-purple', '--vscode-focusBorder', '--vscode-foreground'],
};

function themeColour(names: string[]): string {
  const style = getComputedStyle(document.documentElement);
  for (const n of names) {
    const v = style.getPropertyValue(n).trim();
    if (v) return v;
  }
  return '';
}

export interface GraphOverlayView extends View {
  /** The graph's reader, whose name index the page shares rather than building its own. */
  readonly reader: CompactGraphReader;
  /** The node the row stands for, -1 when no node is that row's layer. */
  nodeOfRow(index: number): number;
  /** Colours the nodes by this metric at this threshold. */
  update(metric: CompareMetric, threshold: number): void;
  /** Selects the row's node and centres it; false when no node is that row's layer. */
  showRow(index: number): boolean;
}

export function graphOverlayView(options: {
  graph: CompactGraph;
  result: CompareResult;
  strings: CompareStrings;
  state: Pick<ComparePageState, 'zoom'>;
  onZoom: (zoom: ComparePageState['zoom']) => void;
  onSelectRow: (index: number) => void;
}): GraphOverlayView {
  const { result, strings: s } = options;
  const reader = new CompactGraphReader(options.graph);
  const nodesOfRows = rowNodes(reader, result.rows);
  // A node's row: the first row naming it (a layer's first output).
  const rowOfNode = new Map<number, number>();
  nodesOfRows.forEach((node, row) => {
    if (node >= 0 && !rowOfNode.has(node)) rowOfNode.set(node, row);
  });
  const firstBadRow = result.firstBad === null ? -1 : result.rows.findIndex((r) => r.name === result.firstBad);
  const overlay: GraphOverlay = {
    classes: new Uint8Array(options.graph.nodeCount),
    colours: ['', themeColour(COLOURS.pass), themeColour(COLOURS.fail)],
    outlined: firstBadRow >= 0 ? nodesOfRows[firstBadRow] : -1,
    outlineColour: themeColour(COLOURS.outline),
  };

  // graphView keeps its zoom and selection in a viewer store; here they live in the page's state.
  let zoom = options.state.zoom;
  const store = new ViewerStore({
    getState: () => ({ view: 'graph', zoom }),
    setState: (next) => {
      const z = (next as { zoom?: ComparePageState['zoom'] }).zoom ?? null;
      if (z !== zoom) {
        zoom = z;
        options.onZoom(z);
      }
    },
  });
  const layoutClient = new LayoutClient();
  // The worker gets its own copy of the graph; the page keeps reading this one.
  const layout = layoutClient.request('layout', { graph: options.graph });
  const graph: GraphView = graphView({
    reader,
    layout,
    store,
    strings: s,
    overlay,
    onSelect: (nodeId) => {
      const node = reader.nodeIndex(nodeId);
      const row = node === undefined ? undefined : rowOfNode.get(node);
      if (row !== undefined) options.onSelectRow(row);
    },
  });

  const swatch = (colour: string, label: string, testid: string) => h('span', { class: 'legend-item', 'data-testid': testid }, h('span', { class: 'swatch', style: `background:${colour}` }), label);
  const legend = h('div', { class: 'legend', 'data-testid': 'overlay-legend' });
  const drawLegend = () =>
    legend.replaceChildren(
      swatch(overlay.colours[OverlayClass.Pass], s.legendPass, 'legend-pass'),
      swatch(overlay.colours[OverlayClass.Fail], s.legendFail, 'legend-fail'),
      h('span', { class: 'legend-item' }, h('span', { class: 'swatch none' }), s.legendNone),
      result.firstBad === null ? '' : h('span', { class: 'legend-item' }, h('span', { class: 'swatch outline', style: `border-color:${overlay.outlineColour}` }), `${s.firstBad}: ${result.firstBad}`),
    );
  drawLegend();
  const note = h('p', { class: 'muted', 'data-testid': 'overlay-note', 'aria-live': 'polite' });
  const element = h('div', { class: 'compare-graph' }, legend, note, graph.element);

  const stopTheme = onThemeChange(() => {
    overlay.colours = ['', themeColour(COLOURS.pass), themeColour(COLOURS.fail)];
    overlay.outlineColour = themeColour(COLOURS.outline);
    drawLegend();
    graph.redraw();
  });

  return {
    element,
    reader,
    nodeOfRow: (index) => nodesOfRows[index] ?? -1,
    update(metric, threshold) {
      overlay.classes.fill(OverlayClass.None);
      nodesOfRows.forEach((node, row) => {
        if (node < 0) return;
        const v = metricValue(result.rows[row], metric);
        if (v === null) return;
        // A node several rows name is red when any of them fails.
        const cls = passes(metric, v, threshold) ? OverlayClass.Pass : OverlayClass.Fail;
        if (overlay.classes[node] !== OverlayClass.Fail) overlay.classes[node] = cls;
      });
      graph.redraw();
    },
    showRow(index) {
      const node = nodesOfRows[index];
      if (node === undefined || node < 0) {
        note.textContent = format(s.notInGraph, result.rows[index]?.name ?? '');
        return false;
      }
      note.textContent = '';
      const id = reader.nodeId(node);
      graph.select(id);
      graph.centreOn(id);
      return true;
    },
    dispose() {
      stopTheme();
      graph.dispose();
      layoutClient.dispose();
    },
  };
}
