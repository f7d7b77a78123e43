// The details panel's call stack of a Paddle op: a button that asks the host for it (the lines are
// most of a program's bytes and stay on the host until wanted), then one line per frame. A frame
// whose file the host found inside the workspace is a link that asks the host to open it there.
import type { CallstackFrame, HostMethods } from '../../src/protocol/messages';
import type { RequestClient } from '../../src/protocol/rpc';
import { format, type WebviewStrings } from '../../src/protocol/strings';
import { h } from '../dom';
import { button } from '../ui';

export function callstackView(nodeId: string, s: WebviewStrings, host: Pick<RequestClient<HostMethods>, 'request'>, alive: () => boolean): HTMLElement {
  const body = h('div', {});
  const show = button({
    label: s.showCallstack,
    secondary: true,
    onClick: () => {
      body.replaceChildren(h('p', { class: 'muted' }, s.loading));
      host.request('callstack', { nodeId }).then(
        (frames) => {
          if (alive()) body.replaceChildren(frames && frames.length > 0 ? framesList(frames, s, host) : h('p', { class: 'muted' }, '—'));
        },
        (e: unknown) => {
          if (alive()) body.replaceChildren(h('p', { class: 'error' }, String(e instanceof Error ? e.message : e)));
        },
      );
    },
  });
  show.setAttribute('data-testid', 'show-callstack');
  body.append(show);
  return h('div', { 'data-testid': 'details-callstack' }, h('h3', {}, s.callstack), body);
}

function framesList(frames: CallstackFrame[], s: WebviewStrings, host: Pick<RequestClient<HostMethods>, 'request'>): HTMLElement {
  return h('ol', { class: 'callstack mono' }, frames.map((f) => {
    // Python indents the frame line; in a numbered list that is only an underlined gap.
    const text = f.text.replace(/^[ \t]+/, '');
    if (!f.source) return h('li', { 'data-testid': 'callstack-frame' }, text);
    const { file, line } = f.source;
    const link = h('a', { href: '#', 'data-testid': 'callstack-link', title: format(s.openFrame, file, String(line)) }, text);
    link.addEventListener('click', (e) => {
      e.preventDefault();
      void host.request('openSource', { file, line });
    });
    return h('li', { 'data-testid': 'callstack-frame' }, link);
  }));
}
