// Where each blob of a prototxt is written, tied to the graph's tensors: every `bottom:` and
// `top:` string and every net-level `input:`, with the tensor version it stands for (an in-place
// layer's top is a new version of the same name). The language server answers outline, go to
// definition, references, hover and rename from this.

import type { Graph, GraphNode, SourceRange, Tensor } from '../../graph/graph';
import type { OpenedModel } from '../../model';
import type { FieldPlace } from './textLayout';

export interface BlobOccurrence {
  /** The blob name as written. */
  blob: string;
  /** The graph tensor this occurrence reads or writes, when the net was assembled. */
  tensor?: string;
  kind: 'bottom' | 'top' | 'input';
  /** The layer's index in file order (absent for a net input). */
  layer?: number;
  /** The name inside the quotes. */
  range: SourceRange;
}

export interface LayerSymbol {
  name: string;
  type: string;
  /** The whole `layer { … }` block. */
  range: SourceRange;
  /** The layer's name string, for selection. */
  nameRange?: SourceRange;
  /** The layer's type string, for hover. */
  typeRange?: SourceRange;
  /** The graph node the layer became, when the net was assembled. */
  node?: string;
}

export interface PrototxtIndex {
  layers: LayerSymbol[];
  occurrences: BlobOccurrence[];
  graph: Graph;
}

/** The name inside a string value's quotes (the value range includes them). */
function inside(place: FieldPlace, name: string): SourceRange {
  const v = place.value;
  const quoted = v.line === v.endLine && v.endColumn - v.column === name.length + 2;
  return quoted ? { line: v.line, column: v.column + 1, endLine: v.line, endColumn: v.endColumn - 1 } : v;
}

/** The fields the index reads places of. */
const NET_FIELDS: ReadonlySet<string> = new Set(['input']);
const LAYER_FIELDS: ReadonlySet<string> = new Set(['name', 'type', 'bottom', 'top']);

/** The index of a prototxt opened through the readers, or undefined for any other model. */
export function indexPrototxt(model: Readonly<OpenedModel>): PrototxtIndex | undefined {
  const source = model.source;
  if (source.format !== 'caffe' || source.kind !== 'prototxt' || source.file !== model.file) return undefined;
  const { layout, layers } = source;
  const nodes = new Map<number, GraphNode>();
  for (const node of model.graph.nodes) if (node.origin.kind === 'layer') nodes.set(node.origin.index, node);
  const occurrences: BlobOccurrence[] = [];
  const symbols: LayerSymbol[] = [];
  const inputs = layout.placesOf(source.net, NET_FIELDS)?.get('input') ?? [];
  const inputNames = (source.net.input as string[] | undefined) ?? [];
  inputs.forEach((place, i) => {
    const blob = inputNames[i];
    if (typeof blob === 'string') occurrences.push({ blob, tensor: model.graph.tensors[blob] ? blob : undefined, kind: 'input', range: inside(place, blob) });
  });
  layers.forEach((layer, index) => {
    const places = layout.placesOf(layer.message, LAYER_FIELDS);
    const nameField = places?.get('name')?.[0];
    const typeField = places?.get('type')?.[0];
    const node = nodes.get(index);
    symbols.push({
      name: layer.name,
      type: layer.type,
      range: layer.location ?? nameField?.range ?? { line: 1, column: 1, endLine: 1, endColumn: 1 },
      nameRange: nameField ? inside(nameField, layer.name) : undefined,
      typeRange: typeField ? inside(typeField, layer.type) : undefined,
      node: node?.id,
    });
    if (!places) return;
    for (const kind of ['bottom', 'top'] as const) {
      const names = kind === 'bottom' ? layer.bottoms : layer.tops;
      const ports = kind === 'bottom' ? node?.inputs : node?.outputs;
      (places.get(kind) ?? []).forEach((place, i) => {
        if (typeof names[i] !== 'string') return;
        const slot = `${kind}[${i}]`;
        // Ports are made in slot order: the i-th is nearly always the one.
        const port = ports?.[i]?.slot === slot ? ports[i] : ports?.find((p) => p.slot === slot);
        occurrences.push({ blob: names[i], tensor: port?.tensor, kind, layer: index, range: inside(place, names[i]) });
      });
    }
  });
  return { layers: symbols, occurrences, graph: model.graph };
}

const contains = (r: SourceRange, line: number, column: number) =>
  (line > r.line || (line === r.line && column >= r.column)) && (line < r.endLine || (line === r.endLine && column <= r.endColumn));

/** The occurrence under a 1-based line and column. */
export function occurrenceAt(index: PrototxtIndex, line: number, column: number): BlobOccurrence | undefined {
  return index.occurrences.find((o) => contains(o.range, line, column));
}

/** Where the tensor an occurrence reads was written: the producing layer's top, or the net input. */
export function definitionOf(index: PrototxtIndex, occurrence: BlobOccurrence): BlobOccurrence | undefined {
  if (occurrence.kind !== 'bottom' || !occurrence.tensor) return occurrence.kind === 'bottom' ? undefined : occurrence;
  return index.occurrences.find((o) => o.tensor === occurrence.tensor && o.kind !== 'bottom');
}

/** Every occurrence of the same tensor version: where it is written and every layer reading it. */
export function referencesOf(index: PrototxtIndex, occurrence: BlobOccurrence): BlobOccurrence[] {
  if (!occurrence.tensor) return index.occurrences.filter((o) => o.blob === occurrence.blob);
  return index.occurrences.filter((o) => o.tensor === occurrence.tensor);
}

export function tensorOf(index: PrototxtIndex, occurrence: BlobOccurrence): Tensor | undefined {
  return occurrence.tensor ? index.graph.tensors[occurrence.tensor] : undefined;
}

/** The layer whose type string is under a 1-based line and column. */
export function layerTypeAt(index: PrototxtIndex, line: number, column: number): LayerSymbol | undefined {
  return index.layers.find((l) => l.typeRange && contains(l.typeRange, line, column));
}
