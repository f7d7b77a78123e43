// The searchable node table, read straight from the compact graph. Search matches node ids,
// types and tensor names, case-insensitive; only the first MAX_ROWS matches are drawn so a model
// of hundreds of thousands of layers stays quick. Clicking a row selects the node; the id
// button reveals its source (prototxt) when there is one.
import type { CompactGraphReader } from '../../src/core/graph/compactGraph';
import { format, type WebviewStrings } from '../../src/protocol/strings';
import { h } from '../dom';
import { searchField } from '../ui';
import type { View } from '../view';

const MAX_ROWS = 500;

export function matchesSearch(reader: CompactGraphReader, node: number, query: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  if (reader.nodeId(node).toLowerCase().includes(q) || reader.nodeType(node).toLowerCase().includes(q)) return true;
  for (const t of reader.nodeInputs(node)) if (reader.tensorName(t).toLowerCase().includes(q)) return true;
  for (const t of reader.nodeOutputs(node)) if (reader.tensorName(t).toLowerCase().includes(q)) return true;
  return false;
}

export function nodeTableView(options: {
  reader: CompactGraphReader;
  strings: WebviewStrings;
  search: string;
  selected: string | undefined;
  onSearch: (query: string) => void;
  onSelect: (nodeId: string) => void;
  onReveal?: (nodeId: string) => void;
}): View & { select(nodeId: string | undefined): void } {
  const { reader, strings: s } = options;
  const total = reader.graph.nodeCount;
  const count = h('span', { class: 'muted', 'data-testid': 'node-count-shown', 'aria-live': 'polite' });
  const body = h('tbody');
  const note = h('p', { class: 'muted' });
  let selected = options.selected;

  const render = (query: string) => {
    const q = query.trim();
    const shown: number[] = [];
    let matches = 0;
    for (let i = 0; i < total; i++) {
      if (!matchesSearch(reader, i, q)) continue;
      matches++;
      if (shown.length < MAX_ROWS) shown.push(i);
    }
    count.textContent = format(s.shownOfTotal, matches, total);
    body.replaceChildren(...shown.map((i) => row(reader, i, options.onReveal, s)));
    markSelected();
    note.textContent = matches === 0 ? s.noMatch : matches > MAX_ROWS ? format(s.truncated, MAX_ROWS) : '';
  };

  const markSelected = () => {
    for (const tr of body.querySelectorAll<HTMLElement>('tr[aria-selected]')) tr.removeAttribute('aria-selected');
    if (selected === undefined) return;
    for (const tr of body.querySelectorAll<HTMLElement>('tr')) if (tr.dataset.nodeId === selected) tr.setAttribute('aria-selected', 'true');
  };

  const onClick = (e: MouseEvent) => {
    const tr = (e.target as HTMLElement).closest('tr');
    const id = tr?.dataset.nodeId;
    if (id === undefined) return;
    // Revealing a layer is about the text, not this panel: the selection (and with it the details
    // beside the table, whose height would shift the page) stays as it is.
    if ((e.target as HTMLElement).closest('[data-node]')) {
      options.onReveal?.(id);
      return;
    }
    selected = id;
    markSelected();
    options.onSelect(id);
  };
  body.addEventListener('click', onClick);

  const field = searchField({
    placeholder: s.searchPlaceholder,
    label: s.searchPlaceholder,
    value: options.search,
    onInput: (q) => {
      render(q);
      options.onSearch(q);
    },
  });
  render(options.search);

  const element = h('section', { 'data-testid': 'node-table' },
    h('h2', {}, s.nodeTable),
    h('div', { class: 'search-row' }, field, count),
    h('table', { class: 'grid nodes' },
      h('thead', {}, h('tr', {}, h('th', {}, s.id), h('th', {}, s.type), h('th', {}, s.inputs), h('th', {}, s.outputs))),
      body,
    ),
    note,
  );
  return {
    element,
    // A node selected elsewhere (the graph) is marked here too.
    select: (nodeId) => {
      selected = nodeId;
      markSelected();
    },
    dispose: () => body.removeEventListener('click', onClick),
  };
}

function row(reader: CompactGraphReader, node: number, onReveal: ((id: string) => void) | undefined, s: WebviewStrings): HTMLElement {
  const id = reader.nodeId(node);
  const names = (tensors: Uint32Array) => Array.from(tensors, (t) => reader.tensorName(t)).join(', ');
  return h('tr', { 'data-node-id': id },
    h('td', { class: 'mono' }, onReveal ? revealButton(id, s) : id),
    h('td', { class: 'mono type' }, reader.nodeType(node)),
    h('td', { class: 'mono tensors' }, names(reader.nodeInputs(node))),
    h('td', { class: 'mono tensors' }, names(reader.nodeOutputs(node))),
  );
}

/**
 * The id as a link-styled button that asks the host to show the layer. Not `<a href="#">`:
 * VS Code's webview host scrolls the page to the top on any click of a `#` link, even when the
 * page cancels it, which lost the user's place in a long table (media/viewer.css styles it).
 */
function revealButton(id: string, s: WebviewStrings): HTMLElement {
  // The table's one click listener tells a reveal from a selection by `data-node`.
  return h('button', { type: 'button', class: 'link', title: s.showSource, 'data-node': id }, id);
}
