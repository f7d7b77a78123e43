// The chosen metric as a curve along the result's order (the original model's topology), as the
// vendor's quantization visualisation draws INT8 against FP32 outputs: where the curve drops
// below the threshold line is where error enters, and the first bad layer is marked. Points are
// coloured pass or fail at the threshold; clicking one selects its row. Drawn as SVG with
// d3-selection (a few thousand points at most: one per compared tensor).

import { select } from 'd3-selection';
import type { CompareMetric, CompareResult } from '../../src/core/compare/compareResult';
import type { CompareStrings } from '../../src/protocol/compareMessages';
import { h } from '../dom';
import type { View } from '../view';
import { formatMetric, metricValue, passes } from './metricScale';

const WIDTH = 900;
const HEIGHT = 280;
const MARGIN = { left: 64, right: 16, top: 12, bottom: 28 };
const SVG_NS = 'http://www.w3.org/2000/svg';

/** A linear map from [d0, d1] to [r0, r1]; a zero-width domain maps to the middle. */
function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  return span === 0 ? () => (r0 + r1) / 2 : (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

export interface MetricCurve extends View {
  update(metric: CompareMetric, threshold: number): void;
  select(index: number | null): void;
}

export function metricCurve(options: { result: CompareResult; strings: CompareStrings; onSelectRow: (index: number) => void }): MetricCurve {
  const { result, strings: s } = options;
  const rows = result.rows;
  const svgElement = document.createElementNS(SVG_NS, 'svg');
  const svg = select(svgElement)
    .attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`)
    .attr('class', 'metric-curve')
    .attr('role', 'img')
    .attr('data-testid', 'metric-curve');
  const element = h('div', { class: 'curve' });
  element.append(svgElement);
  let selected: number | null = null;
  let last: { metric: CompareMetric; threshold: number } | undefined;

  const draw = (metric: CompareMetric, threshold: number) => {
    last = { metric, threshold };
    svg.selectAll('*').remove();
    const points = rows.flatMap((row, i) => {
      const v = metricValue(row, metric);
      return v === null ? [] : [{ i, v, pass: passes(metric, v, threshold) }];
    });
    svg.attr('aria-label', `${s.curveLabel}: ${s.metricNames[metric] ?? metric}`);
    let lo = Math.min(threshold, ...points.map((p) => p.v));
    let hi = Math.max(threshold, ...points.map((p) => p.v));
    if (lo === hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    const x = linear(0, Math.max(rows.length - 1, 1), MARGIN.left, WIDTH - MARGIN.right);
    const y = linear(lo, hi, HEIGHT - MARGIN.bottom, MARGIN.top);

    // Axes: the value range and the threshold on the left, first and last position below.
    const axis = svg.append('g').attr('class', 'axis');
    axis.append('line').attr('x1', MARGIN.left).attr('x2', MARGIN.left).attr('y1', MARGIN.top).attr('y2', HEIGHT - MARGIN.bottom);
    axis.append('line').attr('x1', MARGIN.left).attr('x2', WIDTH - MARGIN.right).attr('y1', HEIGHT - MARGIN.bottom).attr('y2', HEIGHT - MARGIN.bottom);
    for (const v of [lo, hi]) axis.append('text').attr('x', MARGIN.left - 6).attr('y', y(v)).attr('text-anchor', 'end').attr('dominant-baseline', 'middle').text(formatMetric(v));
    axis.append('text').attr('x', MARGIN.left).attr('y', HEIGHT - 8).text('1');
    axis.append('text').attr('x', WIDTH - MARGIN.right).attr('y', HEIGHT - 8).attr('text-anchor', 'end').text(String(rows.length));

    svg.append('line').attr('class', 'threshold').attr('data-testid', 'curve-threshold')
      .attr('x1', MARGIN.left).attr('x2', WIDTH - MARGIN.right).attr('y1', y(threshold)).attr('y2', y(threshold));
    const firstBad = result.firstBad === null ? -1 : rows.findIndex((r) => r.name === result.firstBad);
    if (firstBad >= 0) {
      svg.append('line').attr('class', 'first-bad').attr('x1', x(firstBad)).attr('x2', x(firstBad)).attr('y1', MARGIN.top).attr('y2', HEIGHT - MARGIN.bottom);
    }
    const path = points.map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join('');
    svg.append('path').attr('class', 'line').attr('d', path);
    svg.append('g').selectAll('circle').data(points).join('circle')
      .attr('class', (p) => (p.pass ? 'point pass' : 'point fail'))
      .attr('data-row', (p) => p.i)
      .attr('cx', (p) => x(p.i))
      .attr('cy', (p) => y(p.v))
      .attr('r', (p) => (p.i === selected ? 6 : 3.5))
      .on('click', (_e, p) => options.onSelectRow(p.i))
      .append('title').text((p) => `${rows[p.i].name}: ${formatMetric(p.v)}`);
  };

  return {
    element,
    update: draw,
    select(index) {
      selected = index;
      if (last) draw(last.metric, last.threshold);
    },
    dispose: () => svg.selectAll('*').remove(),
  };
}
