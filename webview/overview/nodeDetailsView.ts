// The selected node's details, asked of the host by id when it is selected (attributes and
// weights never travel with the graph): type, every attribute, tensors in and out with shapes,
// weights. Replies for a node no longer selected are dropped. A Paddle op's call stack and a
// weight's statistics are asked for separately, on request, as they cost the host a read.
import type { NodeDetails, TensorRef } from '../../src/core/graph/nodeDetails';
import type { HostMethods } from '../../src/protocol/messages';
import type { RequestClient } from '../../src/protocol/rpc';
import type { WebviewStrings } from '../../src/protocol/strings';
import { h } from '../dom';
import type { View } from '../view';
import { callstackView } from './callstackView';
import { formatShape } from './formatShape';
import { weightStatisticsView } from './weightStatisticsView';

export function nodeDetailsView(options: {
  nodeId: string | undefined;
  strings: WebviewStrings;
  host: Pick<RequestClient<HostMethods>, 'request'>;
}): View {
  const s = options.strings;
  const element = h('section', { 'data-testid': 'node-details', class: 'node-details' });
  let disposed = false;
  if (options.nodeId === undefined) {
    element.append(h('h2', {}, s.details), h('p', { class: 'muted' }, s.selectNode));
  } else {
    element.append(h('h2', {}, s.details), h('p', { class: 'muted' }, s.loading));
    const alive = () => !disposed;
    options.host.request('nodeDetails', { nodeId: options.nodeId }).then(
      (details) => {
        if (disposed) return;
        element.replaceChildren(h('h2', {}, s.details), ...(details ? detailsBody(details, s, options.host, alive) : [h('p', { class: 'muted' }, s.noMatch)]));
      },
      (e: unknown) => {
        if (!disposed) element.replaceChildren(h('h2', {}, s.details), h('p', { class: 'error' }, String(e instanceof Error ? e.message : e)));
      },
    );
  }
  return { element, dispose: () => (disposed = true) };
}

function detailsBody(d: NodeDetails, s: WebviewStrings, host: Pick<RequestClient<HostMethods>, 'request'>, alive: () => boolean): HTMLElement[] {
  const tensors = (title: string, refs: TensorRef[], id: string) =>
    h('div', { 'data-testid': id },
      h('h3', {}, title),
      h('table', { class: 'grid' }, h('tbody', {}, refs.map((r) =>
        h('tr', {}, h('td', { class: 'mono' }, r.slot), h('td', { class: 'mono' }, r.name), h('td', { class: 'mono' }, formatShape(r.shape, s.unknown)), h('td', { class: 'mono' }, r.dtype ?? s.unknown)),
      ))),
    );
  const attributes = Object.entries(d.attributes);
  return [
    h('dl', { class: 'facts' },
      h('dt', {}, s.id), h('dd', { class: 'mono', 'data-testid': 'details-id' }, d.id),
      h('dt', {}, s.type), h('dd', { class: 'mono', 'data-testid': 'details-type' }, d.type),
    ),
    tensors(s.inputs, d.inputs, 'details-inputs'),
    tensors(s.outputs, d.outputs, 'details-outputs'),
    h('div', { 'data-testid': 'details-weights' },
      h('h3', {}, s.weights),
      d.weights.length === 0
        ? h('p', { class: 'muted' }, '—')
        : h('table', { class: 'grid' }, h('tbody', {}, d.weights.flatMap((w) => [
          h('tr', {}, h('td', { class: 'mono' }, w.slot), h('td', { class: 'mono' }, w.name), h('td', { class: 'mono' }, formatShape(w.shape, s.unknown)), h('td', { class: 'mono' }, w.dtype ?? s.unknown)),
          // Only weights whose bytes were loaded can be measured.
          w.stored && h('tr', { class: 'weight-stats-row' }, h('td', { colspan: 4 }, weightStatisticsView(d.id, w.slot, s, host, alive))),
        ]))),
    ),
    h('div', { 'data-testid': 'details-attributes' },
      h('h3', {}, s.attributes),
      attributes.length === 0
        ? h('p', { class: 'muted' }, '—')
        : h('table', { class: 'grid' }, h('tbody', {}, attributes.map(([k, v]) =>
          h('tr', {}, h('td', { class: 'mono' }, k), h('td', { class: 'mono attr-value' }, JSON.stringify(v))),
        ))),
    ),
    d.hasCallstack && callstackView(d.id, s, host, alive),
  ].filter((e): e is HTMLElement => e !== false);
}
