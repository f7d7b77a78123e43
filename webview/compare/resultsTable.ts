// The results table: one row per compared tensor in the result's order (topological when a
// model was given), the first bad layer pinned on top, failing rows marked. A column header
// sorts by it (again: the other way; a third time: back to the result's order); the filter keeps
// rows whose layer or tensor name holds the text, and "Failing only" the rows that fail.
// Clicking a row selects it; the page shows it in the graph and its detail.

import { COMPARE_METRICS, type CompareResult, type CompareRow } from '../../src/core/compare/compareResult';
import type { ComparePageState, CompareStrings } from '../../src/protocol/compareMessages';
import { format } from '../../src/protocol/strings';
import { h } from '../dom';
import { checkbox, searchField } from '../ui';
import type { View } from '../view';
import { formatMetric } from './metricScale';

/** Rows drawn at most; a 20,000-tensor result stays quick, and the filter finds the rest. */
const MAX_ROWS = 2000;

type Column = { key: string; label: string; numeric: boolean; value: (row: CompareRow, index: number) => string | number | null; text: (row: CompareRow, index: number) => string };

export interface ResultsTable extends View {
  /** Marks the row as selected and scrolls it into view (a node was clicked in the graph). */
  select(index: number | null): void;
  /** The row indices shown, in the order shown (tests and the curve read it). */
  shownRows(): number[];
}

export function resultsTable(options: {
  result: CompareResult;
  strings: CompareStrings;
  state: Pick<ComparePageState, 'filter' | 'failingOnly' | 'sort' | 'selected'>;
  onChange: (patch: Partial<ComparePageState>) => void;
  onSelect: (index: number) => void;
}): ResultsTable {
  const { result, strings: s } = options;
  const rows = result.rows;
  let { filter, failingOnly, sort, selected } = options.state;
  const firstBad = result.firstBad === null ? -1 : rows.findIndex((r) => r.name === result.firstBad && !r.pass);

  const columns: Column[] = [
    { key: 'index', label: s.columnIndex, numeric: true, value: (_r, i) => i, text: (_r, i) => String(i + 1) },
    { key: 'name', label: s.columnName, numeric: false, value: (r) => r.name, text: (r) => r.name },
    { key: 'tensor', label: s.columnTensor, numeric: false, value: (r) => r.tensor, text: (r) => r.tensor },
    { key: 'shape', label: s.columnShape, numeric: false, value: (r) => r.shape.join(','), text: (r) => r.shape.join(',') },
    { key: 'dtype', label: s.columnDtype, numeric: false, value: (r) => r.dtype, text: (r) => r.dtype },
    ...COMPARE_METRICS.map((m): Column => ({ key: m, label: s.metricNames[m] ?? m, numeric: true, value: (r) => r[m], text: (r) => formatMetric(r[m]) })),
    { key: 'pass', label: s.columnPass, numeric: false, value: (r) => (r.pass ? 1 : 0), text: (r) => (r.pass ? s.pass : s.fail) },
  ];

  const head = h('tr');
  const body = h('tbody');
  const count = h('span', { class: 'muted', 'data-testid': 'rows-shown', 'aria-live': 'polite' });
  const empty = h('p', { class: 'muted', 'data-testid': 'no-rows' });
  let shown: number[] = [];

  const order = (): number[] => {
    const q = filter.trim().toLowerCase();
    const kept: number[] = [];
    rows.forEach((r, i) => {
      if (failingOnly && r.pass) return;
      if (q && !r.name.toLowerCase().includes(q) && !r.tensor.toLowerCase().includes(q)) return;
      kept.push(i);
    });
    if (!sort) {
      // The result's own order, the first bad layer on top: where a user starts reading.
      const at = kept.indexOf(firstBad);
      if (at > 0) kept.unshift(...kept.splice(at, 1));
      return kept;
    }
    const column = columns.find((c) => c.key === sort!.column) ?? columns[0];
    const sign = sort.descending ? -1 : 1;
    // Rows without the value (a metric the vendor CSV lacks) go last whichever way.
    return kept.sort((a, b) => {
      const va = column.value(rows[a], a);
      const vb = column.value(rows[b], b);
      if (va === null || vb === null) return va === vb ? a - b : va === null ? 1 : -1;
      const d = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
      return d === 0 ? a - b : sign * d;
    });
  };

  const renderHead = () => {
    head.replaceChildren(
      ...columns.map((c) => {
        const direction = sort?.column === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none';
        const b = h('button', { class: 'sort', type: 'button', 'data-testid': `sort-${c.key}` }, c.label, direction === 'none' ? '' : direction === 'ascending' ? ' ▲' : ' ▼');
        b.addEventListener('click', () => {
          sort = sort?.column !== c.key ? { column: c.key, descending: false } : sort.descending ? null : { column: c.key, descending: true };
          options.onChange({ sort });
          render();
        });
        return h('th', { 'aria-sort': direction, class: c.numeric ? 'num' : undefined }, b);
      }),
    );
  };

  const render = () => {
    renderHead();
    const matching = order();
    shown = matching.slice(0, MAX_ROWS);
    body.replaceChildren(
      ...shown.map((i) => {
        const r = rows[i];
        const tr = h('tr', { 'data-row': i, 'data-pass': String(r.pass), class: [r.pass ? '' : 'failing', i === firstBad ? 'first-bad' : ''].join(' ').trim() || undefined, tabindex: 0 },
          ...columns.map((c) => h('td', { class: c.numeric ? 'num' : c.key === 'pass' ? (r.pass ? 'pass' : 'fail') : undefined, title: c.key === 'pass' && r.extra?.failedMetrics?.length ? r.extra.failedMetrics.join(', ') : undefined }, c.text(r, i))));
        return tr;
      }),
    );
    count.textContent = format(s.rowsShown, matching.length, rows.length);
    empty.textContent = shown.length === 0 ? s.noRowMatches : matching.length > shown.length ? format(s.rowsTruncated, MAX_ROWS) : '';
    mark();
  };

  const mark = () => {
    for (const tr of body.querySelectorAll('tr[aria-selected]')) tr.removeAttribute('aria-selected');
    if (selected === null) return;
    body.querySelector(`tr[data-row="${selected}"]`)?.setAttribute('aria-selected', 'true');
  };

  const pick = (e: Event) => {
    const tr = (e.target as HTMLElement).closest('tr');
    if (!tr?.dataset.row) return;
    if (e instanceof KeyboardEvent && e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    selected = Number(tr.dataset.row);
    mark();
    options.onSelect(selected);
  };
  body.addEventListener('click', pick);
  body.addEventListener('keydown', pick);

  const controls = h('div', { class: 'search-row' },
    searchField({ placeholder: s.filter, label: s.filter, value: filter, onInput: (v) => { filter = v; options.onChange({ filter }); render(); } }),
    checkbox({ id: 'failing-only', label: s.failingOnly, checked: failingOnly, onChange: (v) => { failingOnly = v; options.onChange({ failingOnly }); render(); } }),
    count,
  );
  const element = h('div', { class: 'results-table' }, controls, h('div', { class: 'table-scroll' }, h('table', { class: 'grid results', 'data-testid': 'results-table' }, h('thead', {}, head), body)), empty);
  render();

  return {
    element,
    select(index) {
      selected = index;
      mark();
      if (index !== null) body.querySelector(`tr[data-row="${index}"]`)?.scrollIntoView({ block: 'nearest' });
    },
    shownRows: () => [...shown],
    dispose: () => {
      body.removeEventListener('click', pick);
      body.removeEventListener('keydown', pick);
    },
  };
}
