// Finding in the graph, in the graph's tool bar: a text field (node id, type or tensor name, as
// the node table matches), a list of the model's operator types with their counts (choosing one
// finds the nodes of that type, with the text as well if any), the place in the matches
// (`3 of 41`), and previous and next, from the buttons or with Enter and Shift+Enter in the
// field; past the last match it goes round to the first. Each match shown is centred and
// selected (a match hidden in a collapsed group opens it: the view's centreOn does that).

import type { CompactGraphReader } from '../../src/core/graph/compactGraph';
import { format } from '../../src/protocol/strings';
import { h } from '../dom';
import { matchesSearch } from '../overview/nodeTable';
import { button, labelledChoice, searchField } from '../ui';

/** Typing waits this long before finding (and moving the view): one search per pause, not per key. */
const FIND_DELAY_MS = 250;

export interface FindStrings {
  findInGraph: string;
  findPrevious: string;
  findNext: string;
  /** `{0} of {1}`: the match shown and how many there are. */
  findCount: string;
  findNone: string;
  allTypes: string;
}

export interface GraphFind {
  readonly element: HTMLElement;
  dispose(): void;
}

export function graphFind(options: {
  reader: CompactGraphReader;
  /** Nodes per operator type, as the model's summary counts them. */
  opTypes: Record<string, number>;
  strings: FindStrings;
  /** Centres and selects a match. */
  show: (nodeId: string) => void;
}): GraphFind {
  const { reader, strings: s } = options;
  let query = '';
  let type = '';
  let matches: number[] = [];
  let at = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stale = false;

  const count = h('span', { class: 'find-count muted', 'data-testid': 'find-count', 'aria-live': 'polite' });
  const field = searchField({ placeholder: s.findInGraph, label: s.findInGraph, value: '', onInput: (value) => {
    query = value.trim();
    stale = true;
    clearTimeout(timer);
    timer = setTimeout(() => find(), FIND_DELAY_MS);
  } });
  const types = Object.entries(options.opTypes).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  // The kit's one drop-down, without its label row: in the tool bar its aria-label names it.
  const typeList = labelledChoice({
    id: 'find-type',
    label: s.allTypes,
    value: '',
    choices: [{ label: s.allTypes, value: '' }, ...types.map(([name, n]) => ({ label: `${name} (${n})`, value: name }))],
    onChange: (value) => {
      type = value;
      clearTimeout(timer);
      find();
    },
  }).field;
  const step = (glyph: string, label: string, testId: string, by: number) => {
    const b = button({ label: glyph, secondary: true, onClick: () => move(by) });
    b.setAttribute('aria-label', label);
    b.title = label;
    b.dataset.testid = testId;
    b.classList.add('find-step');
    return b;
  };
  const element = h('div', { class: 'graph-find', role: 'search' },
    field,
    typeList,
    step('↑', s.findPrevious, 'find-previous', -1),
    step('↓', s.findNext, 'find-next', 1),
    count,
  );

  /** The matches of the text and the type chosen now; the first is shown. */
  function find(): void {
    stale = false;
    matches = [];
    at = -1;
    if (query || type) {
      for (let i = 0; i < reader.graph.nodeCount; i++) {
        if (type && reader.nodeType(i) !== type) continue;
        if (matchesSearch(reader, i, query)) matches.push(i);
      }
    }
    if (matches.length > 0) move(1);
    else count.textContent = query || type ? s.findNone : '';
  }

  /** The next (1) or previous (-1) match, round past either end. */
  function move(by: number): void {
    if (stale) {
      // Enter before the pause ran out: find first, which shows the first match.
      clearTimeout(timer);
      find();
      return;
    }
    if (matches.length === 0) return;
    at = at < 0 ? 0 : (at + by + matches.length) % matches.length;
    count.textContent = format(s.findCount, at + 1, matches.length);
    options.show(reader.nodeId(matches[at]));
  }

  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    move(e.shiftKey ? -1 : 1);
  };
  field.addEventListener('keydown', onKey);

  return {
    element,
    dispose() {
      clearTimeout(timer);
      field.removeEventListener('keydown', onKey);
    },
  };
}
