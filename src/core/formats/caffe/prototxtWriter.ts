// Writes Caffe messages as prototxt in Caffe's own style: two-space indent, `field: value`,
// `field { … }` blocks, fields in the order they were read (or set). Fields the schema does not
// know are written back as they were read, so a fork's net survives a round trip.

import { type ProtoMessage, type ProtoValue, isMessage, unknownFieldsOf } from './protoMessage';
import type { FieldInfo, MessageType } from './schema';

export function writePrototxt(message: ProtoMessage, type: MessageType): string {
  const out: string[] = [];
  writeFields(out, message, type, '');
  return out.join('');
}

function writeFields(out: string[], message: ProtoMessage, type: MessageType | undefined, indent: string): void {
  const unknown = unknownFieldsOf(message);
  for (const [name, value] of Object.entries(message)) {
    if (value === undefined) continue;
    const field = type?.fields.get(name);
    if (field) {
      const values = field.repeated && Array.isArray(value) ? value : [value];
      for (const v of values) writeKnown(out, name, v, field, indent);
      continue;
    }
    const values = unknown?.repeated.has(name) && Array.isArray(value) ? value : [value];
    const bare = unknown?.identifiers.has(name) === true;
    for (const v of values) writeGeneric(out, name, v, bare, indent);
  }
}

function writeKnown(out: string[], name: string, value: ProtoValue, field: FieldInfo, indent: string): void {
  if (field.kind === 'message') {
    if (!isMessage(value)) throw new Error(`caffe.${name}: expected a message`);
    writeBlock(out, name, value, field.message, indent);
    return;
  }
  out.push(indent, name, ': ', scalarText(value, field), '\n');
}

function writeGeneric(out: string[], name: string, value: ProtoValue, bare: boolean, indent: string): void {
  if (isMessage(value)) writeBlock(out, name, value, undefined, indent);
  else if (Array.isArray(value)) for (const v of value) writeGeneric(out, name, v, bare, indent);
  else if (typeof value === 'string') out.push(indent, name, ': ', bare ? value : quote(value), '\n');
  else out.push(indent, name, ': ', typeof value === 'number' ? numberText(value, false) : String(value), '\n');
}

function writeBlock(out: string[], name: string, value: ProtoMessage, type: MessageType | undefined, indent: string): void {
  out.push(indent, name, ' {\n');
  writeFields(out, value, type, indent + '  ');
  out.push(indent, '}\n');
}

function scalarText(value: ProtoValue, field: FieldInfo): string {
  switch (field.kind) {
    case 'string':
    case 'bytes':
      return quote(String(value));
    case 'enum':
      return String(value);
    case 'bool':
      return value ? 'true' : 'false';
    case 'float':
      return numberText(Number(value), true);
    default:
      return numberText(Number(value), false);
  }
}

/** Floats print as the shortest text that reads back to the same float32, as protobuf does. */
function numberText(v: number, float32: boolean): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return String(v);
  if (float32) {
    const target = Math.fround(v);
    for (let p = 1; p <= 9; p++) {
      // String(Number(…)) drops toPrecision's trailing zeros and exponent padding.
      const text = String(Number(v.toPrecision(p)));
      if (Math.fround(Number(text)) === target) return text;
    }
  }
  return String(v);
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (code < 0x20 || code === 0x7f) out += '\\' + code.toString(8).padStart(3, '0');
    else out += ch;
  }
  return out + '"';
}
