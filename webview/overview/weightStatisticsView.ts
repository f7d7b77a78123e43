// A weight's statistics in the details panel, asked of the host on request (it streams the
// tensor's bytes, which never come to the webview): min, max, mean, standard deviation, the NaN
// and Inf counts, and a histogram drawn as inline SVG in the theme's chart colour.
import type { HostMethods, WeightStatistics } from '../../src/protocol/messages';
import type { RequestClient } from '../../src/protocol/rpc';
import { format, type WebviewStrings } from '../../src/protocol/strings';
import { h } from '../dom';
import { button } from '../ui';

const SVG = 'http://www.w3.org/2000/svg';
const CHART_WIDTH = 256;
const CHART_HEIGHT = 64;

/** The Statistics button for one weight; its figures replace it once the host answers. */
export function weightStatisticsView(nodeId: string, slot: string, s: WebviewStrings, host: Pick<RequestClient<HostMethods>, 'request'>, alive: () => boolean): HTMLElement {
  const cell = h('div', { class: 'weight-stats', 'data-testid': 'weight-stats', 'data-slot': slot });
  const ask = button({
    label: s.statistics,
    secondary: true,
    onClick: () => {
      cell.replaceChildren(h('p', { class: 'muted' }, s.loading));
      host.request('weightStatistics', { nodeId, slot }).then(
        (stats) => {
          if (alive()) cell.replaceChildren(stats ? statisticsBody(stats, s) : h('p', { class: 'muted' }, s.noWeightData));
        },
        (e: unknown) => {
          if (alive()) cell.replaceChildren(h('p', { class: 'error' }, String(e instanceof Error ? e.message : e)));
        },
      );
    },
  });
  ask.setAttribute('data-testid', 'show-statistics');
  cell.append(ask);
  return cell;
}

/** Enough digits to tell values apart, without float32's noise. */
function num(x: number | null): string {
  return x === null ? '—' : String(Number(x.toPrecision(6)));
}

function statisticsBody(st: WeightStatistics, s: WebviewStrings): HTMLElement {
  const fact = (label: string, value: string, id: string) => [h('dt', {}, label), h('dd', { class: 'mono', 'data-testid': id }, value)];
  const nonFinite = st.nan + st.posInf + st.negInf;
  return h('div', {},
    h('dl', { class: 'facts stats-facts' },
      fact(s.statMin, num(st.min), 'stat-min'),
      fact(s.statMax, num(st.max), 'stat-max'),
      fact(s.statMean, num(st.mean), 'stat-mean'),
      fact(s.statStd, num(st.std), 'stat-std'),
      fact(s.statCount, String(st.count), 'stat-count'),
      nonFinite > 0 && fact(s.statNonFinite, format(s.statNonFiniteCounts, st.nan, st.posInf, st.negInf), 'stat-nonfinite'),
    ),
    st.histogram.length > 0 && histogram(st, s),
  );
}

function histogram(st: WeightStatistics, s: WebviewStrings): HTMLElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`);
  svg.setAttribute('class', 'histogram');
  svg.setAttribute('data-testid', 'stat-histogram');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', format(s.histogramLabel, st.histogram.length, num(st.min), num(st.max)));
  const peak = Math.max(...st.histogram);
  const w = CHART_WIDTH / st.histogram.length;
  const lo = st.min ?? 0;
  const step = ((st.max ?? 0) - lo) / st.histogram.length;
  st.histogram.forEach((count, i) => {
    // A non-empty bin is at least one unit tall, so a lone value still shows.
    const height = count === 0 ? 0 : Math.max(1, (count / peak) * CHART_HEIGHT);
    const bar = document.createElementNS(SVG, 'rect');
    bar.setAttribute('x', String(i * w));
    bar.setAttribute('y', String(CHART_HEIGHT - height));
    bar.setAttribute('width', String(Math.max(w - 1, 1)));
    bar.setAttribute('height', String(height));
    bar.setAttribute('data-count', String(count));
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `[${num(lo + i * step)}, ${num(lo + (i + 1) * step)}${i === st.histogram.length - 1 ? ']' : ')'}: ${count}`;
    bar.append(title);
    svg.append(bar);
  });
  return h('div', { class: 'histogram-box' }, svg as unknown as HTMLElement,
    h('div', { class: 'histogram-axis mono' }, h('span', {}, num(st.min)), h('span', {}, num(st.max))));
}
