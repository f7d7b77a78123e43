// The comparison results page: the summary and the first bad layer on top (with "Show in graph"
// and "Dump around it"), the metric and its threshold, then three tabs over one selection: the
// table, the original model's graph coloured by the metric, and the metric as a curve along the
// model's order. Selecting a row anywhere (table, node, point) selects it everywhere and shows
// the tensor's detail below. What the user changed lives in the page state (vscode.setState).

import { COMPARE_METRICS, type CompareMetric } from '../../src/core/compare/compareResult';
import { rangeAround } from '../../src/core/compare/rangeAround';
import type { CompareGraph, CompareHostMethods, CompareInit, ComparePageState } from '../../src/protocol/compareMessages';
import type { RequestClient } from '../../src/protocol/rpc';
import { format } from '../../src/protocol/strings';
import { h } from '../dom';
import { button, labelledChoice, setDisabled, slider, tabs } from '../ui';
import type { View } from '../view';
import { graphOverlayView, type GraphOverlayView } from './graphOverlay';
import { metricCurve } from './metricCurve';
import { defaultThreshold, formatMetric, sliderRange } from './metricScale';
import { resultsTable } from './resultsTable';
import { tensorDetailView } from './tensorDetailView';

const TABS: ComparePageState['tab'][] = ['table', 'graph', 'curve'];

export interface ComparePage extends View {
  /** The original model arrived (or could not be read): the graph tab shows it. */
  setGraph(message: CompareGraph): void;
}

export function comparePage(init: CompareInit, host: RequestClient<CompareHostMethods>, state: ComparePageState, save: (patch: Partial<ComparePageState>) => void): ComparePage {
  const { result, strings: s } = init;
  const rows = result.rows;
  let metric: CompareMetric = (COMPARE_METRICS as readonly string[]).includes(state.metric) ? (state.metric as CompareMetric) : 'cosine';
  const thresholdOf = (m: CompareMetric) => state.thresholds[m] ?? defaultThreshold(m, rows);
  let selected = state.selected !== null && state.selected < rows.length ? state.selected : null;
  // The overlay, once the model is there, also answers which node a row is (for Dump around it).
  let overlay: GraphOverlayView | undefined;
  let detail: View | undefined;

  const summary = h('p', { class: 'summary', 'data-testid': 'summary' },
    format(s.summary, result.summary.compared, result.summary.passed, result.summary.failed),
    result.unmatched.npu.length + result.unmatched.golden.length > 0 ? ` · ${format(s.unmatched, result.unmatched.npu.length, result.unmatched.golden.length)}` : '');
  if (result.unmatched.npu.length + result.unmatched.golden.length > 0) summary.title = [...result.unmatched.npu, ...result.unmatched.golden].join('\n');

  const firstBadIndex = result.firstBad === null ? -1 : rows.findIndex((r) => r.name === result.firstBad);
  const dumpButton = button({ label: s.dumpAround, secondary: true, onClick: () => dumpAround() });
  dumpButton.dataset.testid = 'dump-around';
  const showButton = button({ label: s.showInGraph, secondary: true, onClick: () => firstBadIndex >= 0 && selectRow(firstBadIndex, 'banner') });
  showButton.dataset.testid = 'show-first-bad';
  const banner = result.firstBad === null
    ? h('div', { class: 'first-bad-banner ok', 'data-testid': 'first-bad' }, s.noFailure)
    : h('div', { class: 'first-bad-banner', 'data-testid': 'first-bad' }, h('span', {}, `${s.firstBad}: `, h('strong', { class: 'mono' }, result.firstBad)), showButton, dumpButton);
  setDisabled(dumpButton, true);

  const dumpAround = () => {
    const node = overlay && firstBadIndex >= 0 ? overlay.nodeOfRow(firstBadIndex) : -1;
    if (!overlay || node < 0) return;
    void host.request('dumpRange', rangeAround(overlay.reader, node));
  };

  // The metric and its threshold drive the overlay and the curve alike.
  const thresholdText = h('span', { class: 'mono', 'data-testid': 'threshold-value' });
  let range = sliderRange(metric, rows);
  const thresholdSlider = slider({ id: 'threshold', label: s.threshold, ...range, value: thresholdOf(metric), onInput: (v) => setThreshold(v) });
  const setThreshold = (v: number) => {
    save({ thresholds: { ...state.thresholds, [metric]: v } });
    state = { ...state, thresholds: { ...state.thresholds, [metric]: v } };
    recolour();
  };
  const recolour = () => {
    const t = thresholdOf(metric);
    thresholdText.textContent = formatMetric(t);
    overlay?.update(metric, t);
    curve.update(metric, t);
  };
  const metricChoice = labelledChoice({
    id: 'metric',
    label: s.metric,
    value: metric,
    choices: COMPARE_METRICS.map((m) => ({ value: m, label: s.metricNames[m] ?? m })),
    onChange: (v) => {
      metric = v as CompareMetric;
      save({ metric });
      range = sliderRange(metric, rows);
      thresholdSlider.min = String(range.min);
      thresholdSlider.max = String(range.max);
      thresholdSlider.step = String(range.step);
      thresholdSlider.value = String(thresholdOf(metric));
      recolour();
    },
  });
  const controls = h('div', { class: 'metric-controls' }, metricChoice.row, h('label', {}, s.threshold), thresholdSlider, thresholdText);

  const detailArea = h('div', { class: 'detail-area', 'data-testid': 'detail-area' }, h('p', { class: 'muted' }, s.selectRow));
  const showDetail = (index: number) => {
    detail?.dispose();
    detail = tensorDetailView({ host, row: rows[index], index, strings: s });
    detailArea.replaceChildren(detail.element);
  };

  const selectRow = (index: number, from: 'table' | 'graph' | 'curve' | 'banner') => {
    selected = index;
    save({ selected });
    if (from !== 'table') table.select(index);
    if (from !== 'curve') curve.select(index);
    if (from !== 'graph') overlay?.showRow(index);
    if (from === 'banner' && overlay) tabbed.selectedIndex = TABS.indexOf('graph');
    showDetail(index);
  };

  const table = resultsTable({ result, strings: s, state, onChange: save, onSelect: (i) => selectRow(i, 'table') });
  const curve = metricCurve({ result, strings: s, onSelectRow: (i) => selectRow(i, 'curve') });

  const graphArea = h('div', { class: 'graph-area', 'data-testid': 'graph-area' });
  const chooseButton = button({ label: s.chooseModel, onClick: () => void host.request('chooseModel', {}) });
  chooseButton.dataset.testid = 'choose-model';
  graphArea.append(h('div', { class: 'no-model' }, h('p', { class: 'muted' }, s.noModel), chooseButton));

  const tabbed = tabs({
    tabs: [
      { id: 'table', label: s.table, content: table.element },
      { id: 'graph', label: s.graph, content: graphArea },
      { id: 'curve', label: s.curve, content: curve.element },
    ],
    selected: TABS.indexOf(state.tab),
    onSelect: (i) => save({ tab: TABS[i] ?? 'table' }),
  }) as HTMLElement & { selectedIndex: number };

  const element = h('div', { class: 'compare-page' },
    h('div', { class: 'title-row' }, h('h1', {}, init.fileName)),
    h('div', { class: 'file muted' }, init.file),
    summary,
    banner,
    controls,
    tabbed,
    detailArea,
  );
  recolour();
  if (selected !== null) {
    table.select(selected);
    curve.select(selected);
    showDetail(selected);
  }

  return {
    element,
    setGraph(message) {
      overlay?.dispose();
      overlay = undefined;
      setDisabled(dumpButton, true);
      // The model overlaid comes back with the panel after a window reload; none: the host looks beside the results again.
      save({ model: message.model?.resource ?? null });
      if (!message.model) {
        graphArea.replaceChildren(h('div', { class: 'no-model' }, message.error ? h('p', { class: 'error', 'data-testid': 'model-error' }, message.error) : h('p', { class: 'muted' }, s.noModel), chooseButton));
        return;
      }
      overlay = graphOverlayView({
        graph: message.model.graph,
        result,
        strings: s,
        state,
        onZoom: (zoom) => save({ zoom }),
        onSelectRow: (i) => selectRow(i, 'graph'),
      });
      graphArea.replaceChildren(h('div', { class: 'overlay-heading' }, h('span', { class: 'muted', 'data-testid': 'overlay-on' }, format(s.overlayOn, message.model.fileName)), chooseButton), overlay.element);
      overlay.update(metric, thresholdOf(metric));
      if (selected !== null) overlay.showRow(selected);
      setDisabled(dumpButton, firstBadIndex < 0 || overlay.nodeOfRow(firstBadIndex) < 0);
    },
    dispose() {
      overlay?.dispose();
      detail?.dispose();
      table.dispose();
      curve.dispose();
    },
  };
}
