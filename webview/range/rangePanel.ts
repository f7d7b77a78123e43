// The range panel beside the graph: the starts and ends chosen, how many nodes lie between them,
// the tensors the sub-model would be fed with and would deliver (with shapes), a refusal when the
// last choice was refused, Clear, and Dump Sub-model… (the Dump dialog with the range filled in). Redrawn whole on every change: it holds a few dozen rows.

import type { CompactGraphReader } from '../../src/core/graph/compactGraph';
import type { WebviewStrings } from '../../src/protocol/strings';
import { append, h } from '../dom';
import { formatShape } from '../overview/formatShape';
import { badge, button } from '../ui';
import type { RangeChoice } from './rangeChoice';

export interface RangePanel {
  readonly element: HTMLElement;
  /** Shows the choice as it is now, and the refusal of the last proposal when there was one. */
  update(choice: RangeChoice, refusal?: string): void;
  /** Whether it has anything to show (a choice or a refusal). */
  readonly shown: boolean;
}

export function rangePanel(options: { reader: CompactGraphReader; strings: WebviewStrings; onClear: () => void; onDump: (starts: string[], ends: string[]) => void }): RangePanel {
  const { reader, strings: s } = options;
  const element = h('section', { class: 'range-panel', 'data-testid': 'range-panel', 'aria-label': s.range });
  let shown = false;

  const nodeList = (nodes: readonly number[], id: string) =>
    h('dd', { class: 'mono', 'data-testid': id }, nodes.map((v) => reader.nodeId(v)).join(', '));

  const tensors = (title: string, list: Uint32Array, id: string) =>
    h('div', { 'data-testid': id },
      h('h3', {}, title, ' ', badge(list.length)),
      h('table', { class: 'grid' },
        h('thead', {}, h('tr', {}, h('th', {}, s.name), h('th', {}, s.shape), h('th', {}, s.dtype))),
        h('tbody', {}, Array.from(list, (t) =>
          h('tr', { 'data-tensor': reader.tensorName(t) },
            h('td', { class: 'mono' }, reader.tensorName(t)),
            h('td', { class: 'mono' }, formatShape(reader.tensorShape(t), s.unknown)),
            h('td', { class: 'mono' }, reader.tensorDtype(t) ?? s.unknown),
          ))),
      ),
    );

  return {
    element,
    get shown() {
      return shown;
    },
    update(choice, refusal) {
      shown = !choice.empty || refusal !== undefined;
      const range = choice.selection;
      element.replaceChildren();
      append(element, [
        h('div', { class: 'title-row' },
          h('h2', {}, s.range),
          choice.empty ? null : button({ label: s.clearRange, secondary: true, onClick: options.onClear }),
        ),
        refusal === undefined ? null : h('p', { class: 'range-refusal', role: 'alert', 'data-testid': 'range-refusal' }, refusal),
        choice.empty ? null : h('dl', { class: 'facts' },
          h('dt', {}, s.rangeStarts), nodeList(choice.startNodes, 'range-starts'),
          h('dt', {}, s.rangeEnds), nodeList(choice.endNodes, 'range-ends'),
          range ? [h('dt', {}, s.rangeNodeCount), h('dd', { 'data-testid': 'range-count' }, range.nodes.length)] : null,
        ),
        range || choice.empty ? null : h('p', { class: 'muted' }, s.rangeIncomplete),
        range ? tensors(s.subModelInputs, range.inputs, 'range-inputs') : null,
        range ? tensors(s.subModelOutputs, range.outputs, 'range-outputs') : null,
        range ? h('div', { class: 'range-actions' }, button({ label: s.dumpRange, onClick: () => options.onDump(choice.startNodes.map((v) => reader.nodeId(v)), choice.endNodes.map((v) => reader.nodeId(v))) })) : null,
      ]);
    },
  };
}
