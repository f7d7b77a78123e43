// What may be typed at a place in a prototxt, from caffe.proto: the fields of the message the
// cursor is in (found by the braces before it, so half-typed text that does not parse yet still
// has an answer), and the values of an enum or boolean field after its colon.

import { NetParameterType, SolverParameterType, type FieldInfo, type MessageType } from './schema';

export interface SchemaSuggestion {
  label: string;
  /** What to insert: `name: `, `name {`, or the value. */
  insertText: string;
  kind: 'message' | 'field' | 'value';
  /** The field's type, for the detail line. */
  detail: string;
}

export interface SchemaCompletion {
  /** What is typed of the word being completed (replaced by the suggestion). */
  typed: string;
  suggestions: SchemaSuggestion[];
}

/** Field names of the blocks open at `offset`, outermost first, skipping comments and strings. */
function openBlocks(text: string, offset: number): string[] {
  const path: string[] = [];
  let lastName = '';
  for (let i = 0; i < offset; i++) {
    const ch = text[i];
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 || end >= offset ? offset : end;
    } else if (ch === '"' || ch === "'") {
      let k = i + 1;
      while (k < offset && text[k] !== ch && text[k] !== '\n') k += text[k] === '\\' ? 2 : 1;
      i = k;
    } else if (ch === '{' || ch === '<') {
      path.push(lastName);
      lastName = '';
    } else if (ch === '}' || ch === '>') {
      path.pop();
      lastName = '';
    } else if (/[A-Za-z_]/.test(ch)) {
      let k = i + 1;
      while (k < offset && /[A-Za-z0-9_]/.test(text[k])) k++;
      lastName = text.slice(i, k);
      i = k - 1;
    }
  }
  return path;
}

function typeName(field: FieldInfo): string {
  if (field.kind === 'message') return field.message?.name ?? 'message';
  if (field.kind === 'enum') return field.enumType?.name ?? 'enum';
  return field.kind;
}

/** Suggestions at `offset`, or undefined when the place is inside a block the schema does not know. */
export function prototxtCompletionAt(text: string, offset: number, solver = false): SchemaCompletion | undefined {
  const types: MessageType[] = [solver ? SolverParameterType : NetParameterType];
  for (const name of openBlocks(text, offset)) {
    // A block its message does not have but an enclosing one does: the blocks between were left
    // open (a layer missing its '}'), and it belongs to that one, as the reader takes it too.
    let k = types.length - 1;
    while (k >= 0 && types[k].fields.get(name)?.kind !== 'message') k--;
    const field: FieldInfo | undefined = k >= 0 ? types[k].fields.get(name) : undefined;
    if (!field?.message) return undefined;
    types.length = k + 1;
    types.push(field.message);
  }
  const type = types[types.length - 1];
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  if (/#/.test(prefix.replace(/"[^"]*"|'[^']*'/g, ''))) return undefined;
  const value = /([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([A-Za-z_0-9]*)$/.exec(prefix);
  if (value) {
    const field = type.fields.get(value[1]);
    const values = field?.kind === 'enum' ? [...(field.enumType?.byName.keys() ?? [])] : field?.kind === 'bool' ? ['true', 'false'] : [];
    return { typed: value[2], suggestions: values.map((v) => ({ label: v, insertText: v, kind: 'value', detail: field ? typeName(field) : '' })) };
  }
  const name = /(?:^|[\s{;])([A-Za-z_][A-Za-z0-9_]*)?$/.exec(prefix);
  if (!name) return undefined;
  const suggestions = [...type.fields.values()]
    .filter((f) => !f.vendor)
    .map((f): SchemaSuggestion => ({
      label: f.name,
      insertText: f.kind === 'message' ? `${f.name} {` : `${f.name}: `,
      kind: f.kind === 'message' ? 'message' : 'field',
      detail: `${f.repeated ? 'repeated ' : ''}${typeName(f)}`,
    }));
  return { typed: name[1] ?? '', suggestions };
}
