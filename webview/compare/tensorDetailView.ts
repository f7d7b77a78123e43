// One tensor up close, asked of the host when a row is selected (the tensors stay there): the
// absolute error as a histogram, NPU against golden values as a scatter (a sample for large
// tensors; a perfect match lies on the diagonal), and the elements that differ most with their
// indices in the tensor's shape. Drawn as SVG with d3-selection.

import { select, type Selection } from 'd3-selection';
import type { CompareRow } from '../../src/core/compare/compareResult';
import { unravelIndex, type TensorDetail } from '../../src/core/compare/tensorDetail';
import type { CompareHostMethods, CompareStrings } from '../../src/protocol/compareMessages';
import type { RequestClient } from '../../src/protocol/rpc';
import { format } from '../../src/protocol/strings';
import { h } from '../dom';
import { progressRing } from '../ui';
import type { View } from '../view';
import { formatMetric } from './metricScale';

const SVG_NS = 'http://www.w3.org/2000/svg';
const W = 420;
const H = 220;
const M = { left: 48, right: 10, top: 10, bottom: 26 };

type Host = Pick<RequestClient<CompareHostMethods>, 'request'>;

export function tensorDetailView(options: { host: Host; row: CompareRow; index: number; strings: CompareStrings }): View {
  const { row, strings: s } = options;
  const element = h('section', { class: 'tensor-detail', 'data-testid': 'tensor-detail', 'data-row': options.index },
    h('h2', {}, `${s.detail}: ${row.name}`),
    h('div', { class: 'muted mono' }, row.tensor, ' · ', row.shape.join(','), ' · ', row.dtype),
  );
  const body = h('div', { class: 'loading' }, progressRing(s.loadingDetail), h('span', {}, s.loadingDetail));
  element.append(body);
  let disposed = false;
  options.host.request('tensorDetail', { row: options.index }).then(
    (reply) => {
      if (disposed) return;
      if (!reply.ok) body.replaceChildren(h('p', { class: 'error', 'data-testid': 'detail-error' }, reply.message));
      else body.replaceWith(detailBody(reply.detail, row, s));
    },
    (e: unknown) => {
      if (!disposed) body.replaceChildren(h('p', { class: 'error', 'data-testid': 'detail-error' }, e instanceof Error ? e.message : String(e)));
    },
  );
  return { element, dispose: () => (disposed = true) };
}

function detailBody(d: TensorDetail, row: CompareRow, s: CompareStrings): HTMLElement {
  const counts = h('p', { class: 'muted', 'data-testid': 'detail-counts' }, format(s.elements, d.count, d.nonFinite));
  const charts = h('div', { class: 'detail-charts' },
    h('figure', {}, h('figcaption', {}, s.histogram), histogram(d, s)),
    h('figure', {}, h('figcaption', {}, s.scatter, d.scatter.length < d.count - d.nonFinite ? ` (${format(s.sampled, d.scatter.length, d.count)})` : ''), scatter(d, s)),
  );
  const worst = h('table', { class: 'grid worst', 'data-testid': 'worst-elements' },
    h('thead', {}, h('tr', {}, h('th', {}, s.index), h('th', { class: 'num' }, s.npuValue), h('th', { class: 'num' }, s.goldenValue), h('th', { class: 'num' }, s.absError))),
    h('tbody', {}, d.worst.map((w) => h('tr', {},
      h('td', { class: 'mono' }, `[${unravelIndex(w.index, row.shape).join(', ')}]`),
      h('td', { class: 'num' }, formatMetric(w.npu)),
      h('td', { class: 'num' }, formatMetric(w.golden)),
      h('td', { class: 'num' }, formatMetric(w.absError))))),
  );
  return h('div', {}, counts, charts, h('h3', {}, s.worst), worst);
}

function chart(label: string, testid: string): Selection<SVGSVGElement, unknown, null, undefined> {
  const svg = document.createElementNS(SVG_NS, 'svg');
  return select(svg).attr('viewBox', `0 0 ${W} ${H}`).attr('role', 'img').attr('aria-label', label).attr('data-testid', testid).attr('class', 'detail-chart');
}

function axes(svg: Selection<SVGSVGElement, unknown, null, undefined>, x: [number, number], y: [number, number]): void {
  const g = svg.append('g').attr('class', 'axis');
  g.append('line').attr('x1', M.left).attr('x2', M.left).attr('y1', M.top).attr('y2', H - M.bottom);
  g.append('line').attr('x1', M.left).attr('x2', W - M.right).attr('y1', H - M.bottom).attr('y2', H - M.bottom);
  g.append('text').attr('x', M.left).attr('y', H - 8).text(formatMetric(x[0]));
  g.append('text').attr('x', W - M.right).attr('y', H - 8).attr('text-anchor', 'end').text(formatMetric(x[1]));
  g.append('text').attr('x', M.left - 4).attr('y', H - M.bottom).attr('text-anchor', 'end').text(formatMetric(y[0]));
  g.append('text').attr('x', M.left - 4).attr('y', M.top + 8).attr('text-anchor', 'end').text(formatMetric(y[1]));
}

function histogram(d: TensorDetail, s: CompareStrings): SVGSVGElement {
  const svg = chart(s.histogram, 'detail-histogram');
  const bins = d.histogram.bins;
  const top = Math.max(1, ...bins);
  const bw = (W - M.left - M.right) / bins.length;
  const ih = H - M.top - M.bottom;
  svg.append('g').selectAll('rect').data(bins).join('rect')
    .attr('class', 'bar')
    .attr('x', (_n, i) => M.left + i * bw)
    .attr('width', Math.max(bw - 1, 1))
    // A bin with few elements still shows: at least one pixel high when not empty.
    .attr('height', (n) => (n === 0 ? 0 : Math.max(1, (n / top) * ih)))
    .attr('y', (n) => H - M.bottom - (n === 0 ? 0 : Math.max(1, (n / top) * ih)))
    .append('title').text((n, i) => `${formatMetric((i * d.histogram.max) / bins.length)}–${formatMetric(((i + 1) * d.histogram.max) / bins.length)}: ${n}`);
  axes(svg, [0, d.histogram.max], [0, top]);
  return svg.node()!;
}

function scatter(d: TensorDetail, s: CompareStrings): SVGSVGElement {
  const svg = chart(s.scatter, 'detail-scatter');
  if (!d.goldenRange || !d.npuRange) return svg.node()!;
  // One scale for both axes, so the diagonal (NPU = golden) is at 45 degrees.
  const lo = Math.min(d.goldenRange.min, d.npuRange.min);
  const hi = Math.max(d.goldenRange.max, d.npuRange.max);
  const span = hi - lo || 1;
  const x = (v: number) => M.left + ((v - lo) / span) * (W - M.left - M.right);
  const y = (v: number) => H - M.bottom - ((v - lo) / span) * (H - M.top - M.bottom);
  svg.append('line').attr('class', 'diagonal').attr('x1', x(lo)).attr('y1', y(lo)).attr('x2', x(hi)).attr('y2', y(hi));
  svg.append('g').selectAll('circle').data(d.scatter).join('circle')
    .attr('class', 'dot')
    .attr('cx', (p) => x(p.golden))
    .attr('cy', (p) => y(p.npu))
    .attr('r', 1.5);
  axes(svg, [lo, hi], [lo, hi]);
  return svg.node()!;
}
