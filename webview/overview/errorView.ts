// A model that cannot be read: the one-line message, with the file and place set apart.
import type { ModelErrorView } from '../../src/protocol/messages';
import type { WebviewStrings } from '../../src/protocol/strings';
import { h } from '../dom';
import { button } from '../ui';

export function errorView(error: ModelErrorView, s: WebviewStrings, onReload: () => void): HTMLElement {
  return h('section', { class: 'error', role: 'alert', 'data-testid': 'model-error' },
    h('h1', {}, s.cannotOpen),
    h('p', { class: 'mono message', 'data-testid': 'error-message' }, error.message),
    h('dl', { class: 'facts' },
      h('dt', {}, s.name), h('dd', { class: 'mono' }, error.file),
      error.place ? [h('dt', {}, '@'), h('dd', { class: 'mono' }, error.place)] : null,
    ),
    button({ label: s.reload, onClick: onReload }),
  );
}
