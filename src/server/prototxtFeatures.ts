// Language features of prototxt beyond diagnostics: an outline symbol per layer, go to the layer
// that produces a bottom, the references of a blob (its top and every bottom reading that
// version), hover on a blob with its inferred shape and on a layer type with its tensors, rename
// of a blob across the file, and completion from caffe.proto.
// All answered from blobReferences.ts on the model read from the document's current text, the
// read its diagnostics come from (prototxtReads.ts), past any syntax errors in it.

import type { CompletionItem, DocumentSymbol, Hover, Location, Position, Range, WorkspaceEdit } from 'vscode-languageserver/node';
import { CompletionItemKind, MarkupKind, ResponseError, SymbolKind } from 'vscode-languageserver/node';
import { offsetAt } from '../core/args/argDiagnostic';
import { textKind } from '../core/formats/caffe/openCaffe';
import { prototxtCompletionAt } from '../core/formats/caffe/prototxtCompletion';
import { definitionOf, layerTypeAt, occurrenceAt, referencesOf, tensorOf, type LayerSymbol, type PrototxtIndex } from '../core/formats/caffe/blobReferences';
import type { SourceRange } from '../core/graph/graph';
import { t } from '../core/l10n';
import type { OpenPrototxt, PrototxtReads } from './prototxtReads';

const toRange = (r: SourceRange): Range => ({ start: { line: r.line - 1, character: r.column - 1 }, end: { line: r.endLine - 1, character: r.endColumn - 1 } });

export async function prototxtSymbols(doc: OpenPrototxt, reads: PrototxtReads): Promise<DocumentSymbol[]> {
  const index = await reads.index(doc);
  return (index?.layers ?? []).map((l) => ({ name: l.name || t('(unnamed layer)'), detail: l.type, kind: SymbolKind.Class, range: toRange(l.range), selectionRange: toRange(l.nameRange ?? l.range) }));
}

async function at(doc: OpenPrototxt, reads: PrototxtReads, position: Position) {
  const index = await reads.index(doc);
  const occurrence = index && occurrenceAt(index, position.line + 1, position.character + 1);
  return index && occurrence ? { index, occurrence } : undefined;
}

export async function prototxtDefinition(doc: OpenPrototxt, reads: PrototxtReads, position: Position): Promise<Location[]> {
  const found = await at(doc, reads, position);
  const target = found && definitionOf(found.index, found.occurrence);
  return target ? [{ uri: doc.uri, range: toRange(target.range) }] : [];
}

export async function prototxtReferences(doc: OpenPrototxt, reads: PrototxtReads, position: Position, includeDeclaration: boolean): Promise<Location[]> {
  const found = await at(doc, reads, position);
  if (!found) return [];
  return referencesOf(found.index, found.occurrence)
    .filter((o) => includeDeclaration || o.kind === 'bottom')
    .map((o) => ({ uri: doc.uri, range: toRange(o.range) }));
}

/** A layer's type, its inputs and outputs with their shapes. */
function layerHover(index: PrototxtIndex, layer: LayerSymbol): Hover | undefined {
  const node = index.graph.nodes.find((n) => n.id === layer.node);
  if (!node || !layer.typeRange) return undefined;
  const tensor = (id: string) => {
    const x = index.graph.tensors[id];
    return `${x?.name ?? id} ${x?.shape ? `[${x.shape.join(', ')}]` : t('unknown')}`;
  };
  const lines = [`**${layer.type}** ${layer.name}`, '', t('In: {0}', node.inputs.map((p) => tensor(p.tensor)).join('; ') || '-'), '', t('Out: {0}', node.outputs.map((p) => tensor(p.tensor)).join('; ') || '-')];
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toRange(layer.typeRange) };
}

export async function prototxtHover(doc: OpenPrototxt, reads: PrototxtReads, position: Position): Promise<Hover | undefined> {
  const found = await at(doc, reads, position);
  if (!found) {
    const index = await reads.index(doc);
    const layer = index && layerTypeAt(index, position.line + 1, position.character + 1);
    return index && layer ? layerHover(index, layer) : undefined;
  }
  const { index, occurrence } = found;
  const tensor = tensorOf(index, occurrence);
  const shape = tensor?.shape ? `[${tensor.shape.join(', ')}]` : t('unknown');
  const producer = definitionOf(index, occurrence);
  const layer = producer?.layer !== undefined ? index.layers[producer.layer] : undefined;
  const lines = [`**${occurrence.blob}**: ${shape}${tensor?.dtype ? ` ${tensor.dtype}` : ''}`];
  if (layer) lines.push('', t('Written by layer {0} ({1})', layer.name, layer.type));
  else if (producer?.kind === 'input') lines.push('', t('An input of the net'));
  const readers = referencesOf(index, occurrence).filter((o) => o.kind === 'bottom').length;
  lines.push('', t('Read by {0} layers', readers));
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toRange(occurrence.range) };
}

const BLOB_NAME = /^[^\s"'\\]+$/;

export async function prototxtRename(doc: OpenPrototxt, reads: PrototxtReads, position: Position, newName: string): Promise<WorkspaceEdit | null> {
  const found = await at(doc, reads, position);
  if (!found) return null;
  // A blob written in a part that did not parse would keep its old name: no half rename.
  if ((await reads.read(doc)).model?.warnings.some((w) => w.code === 'caffe.syntax')) throw new ResponseError(1, t('fix the syntax errors first: a blob in a part that did not parse would keep its old name'));
  if (!BLOB_NAME.test(newName)) throw new ResponseError(1, t('a blob name cannot be empty or hold spaces, quotes or backslashes'));
  // Every occurrence of the name: in-place layers read and write the same name, one chain.
  const edits = found.index.occurrences.filter((o) => o.blob === found.occurrence.blob).map((o) => ({ range: toRange(o.range), newText: newName }));
  return { changes: { [doc.uri]: edits } };
}

export async function prototxtPrepareRename(doc: OpenPrototxt, reads: PrototxtReads, position: Position): Promise<{ range: Range; placeholder: string } | null> {
  const found = await at(doc, reads, position);
  return found ? { range: toRange(found.occurrence.range), placeholder: found.occurrence.blob } : null;
}

/** Field names of the block at the cursor, and enum or boolean values after a field's colon. */
export function prototxtCompletion(doc: OpenPrototxt, position: Position): CompletionItem[] {
  const offset = offsetAt(doc.text, position.line + 1, position.character + 1);
  const found = prototxtCompletionAt(doc.text, offset, textKind(doc.text) === 'solver');
  if (!found) return [];
  const range = { start: { line: position.line, character: position.character - found.typed.length }, end: position };
  const kinds = { message: CompletionItemKind.Module, field: CompletionItemKind.Field, value: CompletionItemKind.EnumMember };
  return found.suggestions.map((s) => ({ label: s.label, kind: kinds[s.kind], detail: s.detail, textEdit: { range, newText: s.insertText } }));
}
