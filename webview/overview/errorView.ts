// A model that cannot be read: where (the file and the place, named once) above what is wrong.
import type { ModelErrorView } from '../../src/protocol/messages';
import type { WebviewStrings } from '../../src/protocol/strings';
import { h } from '../dom';
import { button } from '../ui';

export function errorView(error: ModelErrorView, s: WebviewStrings, onReload: () => void): HTMLElement {
  const { where, what } = splitMessage(error);
  return h('section', { class: 'error', role: 'alert', 'data-testid': 'model-error' },
    h('h1', {}, s.cannotOpen),
    where ? h('p', { class: 'mono file', 'data-testid': 'error-location', title: error.file }, where) : null,
    h('p', { class: 'message', 'data-testid': 'error-message' }, what),
    button({ label: s.reload, onClick: onReload }),
  );
}

/**
 * The one-line message is `file:12:5: detail` (or `file: byte N: detail`, `file: detail`). Its
 * head is the location exactly as the CLI and the Problems view print it, so it is cut off the
 * message rather than rebuilt here; a message of another shape is shown whole.
 */
export function splitMessage(error: ModelErrorView): { where: string; what: string } {
  const { message, detail } = error;
  if (detail && message.endsWith(detail) && message.startsWith(error.file)) {
    const where = message.slice(0, message.length - detail.length).replace(/:\s*$/, '');
    if (where) return { where, what: detail };
  }
  return { where: '', what: message };
}
