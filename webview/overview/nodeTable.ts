// The searchable node table. Search matches node ids, types and tensor names, case-insensitive;
// only the first MAX_ROWS matches are drawn so a model of thousands of ops stays quick.
import type { ModelInfo } from '../../src/core/modelInfo';
import { format, type WebviewStrings } from '../../src/protocol/strings';
import { h } from '../dom';
import { searchField } from '../ui';

const MAX_ROWS = 500;
type NodeRow = ModelInfo['nodes'][number];

export function matchesSearch(node: NodeRow, query: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  return node.id.toLowerCase().includes(q)
    || node.type.toLowerCase().includes(q)
    || node.inputs.some((t) => t.toLowerCase().includes(q))
    || node.outputs.some((t) => t.toLowerCase().includes(q));
}

export function nodeTableView(options: {
  nodes: NodeRow[];
  strings: WebviewStrings;
  search: string;
  onSearch: (query: string) => void;
  onReveal?: (nodeId: string) => void;
}): HTMLElement {
  const { nodes, strings: s, onReveal } = options;
  const count = h('span', { class: 'muted', 'data-testid': 'node-count-shown', 'aria-live': 'polite' });
  const body = h('tbody');
  const note = h('p', { class: 'muted' });

  const render = (query: string) => {
    const matches = nodes.filter((n) => matchesSearch(n, query.trim()));
    count.textContent = format(s.shownOfTotal, matches.length, nodes.length);
    body.replaceChildren(...matches.slice(0, MAX_ROWS).map((n) => row(n, onReveal, s)));
    note.textContent = matches.length === 0 ? s.noMatch : matches.length > MAX_ROWS ? format(s.truncated, MAX_ROWS) : '';
  };

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

  return h('section', { 'data-testid': 'node-table' },
    h('h2', {}, s.nodeTable),
    h('div', { class: 'search-row' }, field, count),
    h('table', { class: 'grid nodes' },
      h('thead', {}, h('tr', {}, h('th', {}, s.id), h('th', {}, s.type), h('th', {}, s.inputs), h('th', {}, s.outputs))),
      body,
    ),
    note,
  );
}

function row(n: NodeRow, onReveal: ((id: string) => void) | undefined, s: WebviewStrings): HTMLElement {
  return h('tr', { 'data-node-id': n.id },
    h('td', { class: 'mono' }, onReveal ? revealButton(n.id, onReveal, s) : n.id),
    h('td', { class: 'mono type' }, n.type),
    h('td', { class: 'mono tensors' }, n.inputs.join(', ')),
    h('td', { class: 'mono tensors' }, n.outputs.join(', ')),
  );
}

/**
 * The id as a link-styled button that asks the host to show the layer. Not `<a href="#">`:
 * VS Code's webview host scrolls the page to the top on any click of a `#` link, even when the
 * page cancels it, which lost the user's place in a long table (media/viewer.css styles it).
 */
function revealButton(id: string, onReveal: (id: string) => void, s: WebviewStrings): HTMLElement {
  const b = h('button', { type: 'button', class: 'link', title: s.showSource, 'data-node': id }, id);
  b.addEventListener('click', () => onReveal(id));
  return b;
}
