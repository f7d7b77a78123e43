// Caffe messages as plain JSON-like objects: what the graph's attributes show, what the readers
// return and the writers take. Repeated fields are arrays, enums their value names, int64 numbers.

export type ProtoValue = number | string | boolean | ProtoMessage | ProtoValue[];
export interface ProtoMessage {
  [field: string]: ProtoValue;
}

/**
 * What a reader learnt about fields no schema knew, kept on the message under a symbol so that
 * JSON, Object.entries and the webview never see it, while the writer can put the fields back as
 * they were. Only messages that have such fields carry it.
 */
export interface UnknownFields {
  names: Set<string>;
  /** Fields whose values were bare identifiers (so the writer does not quote them). */
  identifiers: Set<string>;
  /** Fields that occurred more than once (or in `[ ]`), so their value is the list of occurrences. */
  repeated: Set<string>;
}

export const UNKNOWN_FIELDS = Symbol('caffe.unknownFields');

export function unknownFieldsOf(message: ProtoMessage): UnknownFields | undefined {
  return (message as { [UNKNOWN_FIELDS]?: UnknownFields })[UNKNOWN_FIELDS];
}

export function unknownFieldsFor(message: ProtoMessage): UnknownFields {
  const holder = message as { [UNKNOWN_FIELDS]?: UnknownFields };
  return (holder[UNKNOWN_FIELDS] ??= { names: new Set(), identifiers: new Set(), repeated: new Set() });
}

export function isMessage(value: ProtoValue | undefined): value is ProtoMessage {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The values of a field as a list, whether it was stored as one value or as a repeated list. */
export function valuesOf(message: ProtoMessage, field: string): ProtoValue[] {
  const value = message[field];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The string values of a field. A list holding only strings (every `bottom`/`top` list of a real
 * net) is returned as it is, not copied: a big net has hundreds of thousands. Treat it as read-only.
 */
export function stringsOf(message: ProtoMessage, field: string): string[] {
  const value = message[field];
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [];
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return value.filter((v): v is string => typeof v === 'string');
  return value as string[];
}

export function numbersOf(message: ProtoMessage | undefined, field: string): number[] {
  if (!message) return [];
  return valuesOf(message, field).filter((v): v is number => typeof v === 'number');
}

export function numberOf(message: ProtoMessage | undefined, field: string): number | undefined {
  if (!message) return undefined;
  const v = message[field];
  const one = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof one === 'number' ? one : undefined;
}

export function messageOf(message: ProtoMessage | undefined, field: string): ProtoMessage | undefined {
  if (!message) return undefined;
  const v = message[field];
  const one = Array.isArray(v) ? v[v.length - 1] : v;
  return isMessage(one) ? one : undefined;
}
