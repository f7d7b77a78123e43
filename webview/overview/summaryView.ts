// The top of the overview: name, framework and format, counts, inputs and outputs, op types, warnings.
import type { ModelView } from '../../src/protocol/messages';
import type { TensorSummary } from '../../src/core/model';
import type { WebviewStrings } from '../../src/protocol/strings';
import { h } from '../dom';
import { badge, button } from '../ui';
import { formatShape } from './formatShape';

export function headerView(model: ModelView, s: WebviewStrings, onReload: () => void, moreFacts: HTMLElement[] = []): HTMLElement {
  const { info } = model;
  const framework = info.framework === 'paddle' ? s.paddle : info.framework === 'caffe' ? s.caffe : info.framework;
  return h('header', { class: 'model-header' },
    h('div', { class: 'title-row' },
      h('h1', { 'data-testid': 'model-name' }, info.name),
      button({ label: s.reload, secondary: true, onClick: onReload }),
    ),
    h('div', { class: 'file', title: model.file }, model.file),
    h('dl', { class: 'facts' },
      fact(s.framework, framework, 'framework'),
      fact(s.format, info.format, 'format'),
      fact(s.nodes, String(info.nodeCount), 'node-count'),
      fact(s.params, String(info.params.length), 'param-count'),
      moreFacts,
    ),
  );
}

function fact(label: string, value: string, id: string): HTMLElement[] {
  return [h('dt', {}, label), h('dd', { 'data-testid': id }, value)];
}

export function tensorsView(title: string, tensors: TensorSummary[], s: WebviewStrings, id: string): HTMLElement {
  return h('section', { 'data-testid': id },
    h('h2', {}, title, ' ', badge(tensors.length)),
    h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', {}, s.name), h('th', {}, s.shape), h('th', {}, s.dtype))),
      h('tbody', {}, tensors.map((t) =>
        h('tr', {},
          h('td', { class: 'mono' }, t.name),
          h('td', { class: 'mono' }, formatShape(t.shape, s.unknown)),
          h('td', { class: 'mono' }, t.dtype ?? s.unknown),
        ))),
    ),
  );
}

export function opTypesView(opTypes: Record<string, number>, s: WebviewStrings): HTMLElement {
  const rows = Object.entries(opTypes).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const max = rows.length ? rows[0][1] : 1;
  return h('section', { 'data-testid': 'op-types' },
    h('h2', {}, s.opTypes, ' ', badge(rows.length)),
    h('table', { class: 'grid histogram' },
      h('thead', {}, h('tr', {}, h('th', {}, s.type), h('th', {}, s.count), h('th', { 'aria-hidden': 'true' }))),
      h('tbody', {}, rows.map(([type, n]) =>
        h('tr', {},
          h('td', { class: 'mono' }, type),
          h('td', { class: 'num' }, n),
          h('td', { class: 'bar-cell', 'aria-hidden': 'true' }, h('div', { class: 'bar', style: `width:${Math.max(2, (100 * n) / max)}%` })),
        ))),
    ),
  );
}

export function warningsView(warnings: string[], s: WebviewStrings): HTMLElement {
  return h('section', { 'data-testid': 'warnings' },
    h('h2', {}, s.warnings, ' ', badge(warnings.length)),
    warnings.length === 0
      ? h('p', { class: 'muted' }, s.noWarnings)
      : h('ul', { class: 'warnings' }, warnings.map((w) => h('li', { class: 'mono' }, w))),
  );
}

