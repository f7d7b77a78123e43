// Attribute values of a PIR program, each read by its own type id (`{"#":"0.a_i32","D":1}`):
// Paddle's patches change attribute types between versions (pool2d strides went from Int32 to
// Int64 arrays), so no per-op table of types is kept. Values become the graph's plain JSON.

import type { AttrValue } from '../../graph/graph';
import { t } from '../../l10n';
import { expandName, shortName } from './pirNames';
import { MAX_VALUE_NESTING, child, fail, isObject, type JsonObject, type PirPath } from './pirProblem';
import { readType, typeText } from './pirTypes';

/** phi AllocationType numbers, for `a_place`. */
const ALLOCATION: Record<number, string> = { 0: 'undefined', 1: 'cpu', 2: 'gpu', 3: 'gpu_pinned', 4: 'xpu', 5: 'npu', 6: 'npu_pinned', 7: 'ipu', 8: 'mlu', 9: 'custom' };

/** What reading an attribute found: its value, and whether this reader knows its type id. */
export interface ReadAttribute {
  value: AttrValue;
  known: boolean;
}

/** float32 values are written widened to double (0.9f as 0.8999999761581421): the shortest text that is the same float32. */
export function float32Value(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return f;
  for (let digits = 1; digits <= 9; digits++) {
    const shorter = Number(f.toPrecision(digits));
    if (Math.fround(shorter) === f) return shorter;
  }
  return f;
}

/** `"NaN"`, `"INF"`, `"-INF"` in any case (the writer and reader disagree on the spelling); JSON has no NaN, so text. */
function nonFinite(text: unknown, where: PirPath): string {
  const upper = typeof text === 'string' ? text.toUpperCase() : '';
  if (upper === 'NAN') return 'NaN';
  if (upper === 'INF') return 'Infinity';
  if (upper === '-INF') return '-Infinity';
  return fail(where, t('a non-finite number must be "NaN", "INF" or "-INF", not {0}', JSON.stringify(text) ?? String(text)));
}

const isInteger = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

function expect<T>(ok: boolean, value: T, where: PirPath, what: string): T {
  if (!ok) fail(where, t('a {0} attribute holds {1}', what, describe(value)));
  return value;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return t('a list');
  if (value === null || value === undefined) return t('nothing');
  return typeof value === 'object' ? t('an object') : JSON.stringify(value);
}

/** `a_i32` for `0.a_i32` (or `builtin.a_i32`), `a_place` for `1.a_place`; '' for other dialects. Kept per id spelling. */
const kinds = new Map<string, string>();

export function attributeKind(id: string): string {
  let kind = kinds.get(id);
  if (kind === undefined) {
    const full = expandName(id);
    const dialect = full.slice(0, Math.max(0, full.indexOf('.')));
    kind = dialect === 'builtin' || dialect === 'pd_op' ? shortName(full) : '';
    if (kinds.size < 4096) kinds.set(id, kind);
  }
  return kind;
}

/** One attribute value object (`AT`): `{"#": id, "D": data}` or `{"#": id, "VD": "NaN"}`. */
export function readAttributeValue(raw: unknown, where: PirPath, depth = 0): ReadAttribute {
  if (!isObject(raw) || typeof raw['#'] !== 'string') fail(where, t('an attribute value must be an object with a "#" type id'));
  if (depth > MAX_VALUE_NESTING) fail(where, t('attribute values nest more than {0} deep', MAX_VALUE_NESTING));
  const id = raw['#'] as string;
  const at = child(where, 'D');
  const data = raw.D;
  if (id === 'NULL') return { value: null, known: true };
  switch (attributeKind(id)) {
    case 'a_bool':
      return { value: expect(typeof data === 'boolean', data as boolean, at, 'bool'), known: true };
    case 'a_f32':
      if (raw.VD !== undefined) return { value: nonFinite(raw.VD, child(where, 'VD')), known: true };
      return { value: float32Value(expect(typeof data === 'number', data as number, at, 'float32')), known: true };
    case 'a_f64':
      if (raw.VD !== undefined) return { value: nonFinite(raw.VD, child(where, 'VD')), known: true };
      return { value: expect(typeof data === 'number', data as number, at, 'float64'), known: true };
    case 'a_i32':
    case 'a_i64':
    case 'a_index':
      return { value: expect(isInteger(data), data as number, at, 'integer'), known: true };
    case 'a_str':
    case 'a_tensorname':
    case 'a_dtype':
    case 'a_layout':
      return { value: expect(typeof data === 'string', data as string, at, 'text'), known: true };
    case 'a_array':
      return arrayValue(data, at, depth);
    case 'a_intarray':
      expect(Array.isArray(data) && data.every(isInteger), data, at, 'int array');
      return { value: data as number[], known: true };
    case 'a_type':
      return { value: typeText(readType(data, at, depth + 1)), known: true };
    case 'a_c64':
    case 'a_c128':
      expect(Array.isArray(data) && data.length === 2 && data.every((x) => typeof x === 'number'), data, at, 'complex');
      return { value: data as number[], known: true };
    case 'a_place':
      return { value: placeText(data, at), known: true };
    case 'a_scalar':
      // [dtype, value] or, for complex, [dtype, real, imag]: the value is what a viewer shows.
      expect(Array.isArray(data) && data.length >= 2 && typeof data[0] === 'string', data, at, 'scalar');
      return { value: (data as unknown[]).length === 2 ? plain((data as unknown[])[1]) : plain((data as unknown[]).slice(1)), known: true };
    default:
      // Distributed attributes and whatever a later Paddle adds: shown as the file holds them.
      return { value: plain(data ?? raw.VD ?? null), known: false };
  }
}

function arrayValue(data: unknown, where: PirPath, depth: number): ReadAttribute {
  if (!Array.isArray(data)) fail(where, t('an array attribute must hold a list'));
  let known = true;
  const values: AttrValue[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const item = readAttributeValue(data[i], child(where, i), depth + 1);
    values[i] = item.value;
    known &&= item.known;
  }
  return { value: values, known };
}

/** `[allocation type, device id, device type]` as `gpu:0`, `cpu`, `custom(npu):0`. */
export function placeText(data: unknown, where: PirPath): string {
  if (!Array.isArray(data) || data.length < 2 || !isInteger(data[0]) || !isInteger(data[1])) fail(where, t('a place attribute holds [allocation type, device id, device type]'));
  const kind = ALLOCATION[data[0] as number] ?? String(data[0]);
  const device = typeof data[2] === 'string' && data[2] !== '' ? `(${data[2]})` : '';
  return kind === 'cpu' || kind === 'undefined' ? kind : `${kind}${device}:${data[1] as number}`;
}

/** JSON from the file as an attribute value: it already is one (JSON.parse gives plain data). */
function plain(data: unknown): AttrValue {
  return data as AttrValue;
}

/** One decoded attribute entry; `id` is its type id, for noting the ones this reader does not know. */
export interface AttributeEntry extends ReadAttribute {
  name: string;
  id: string;
}

/** One attribute entry `{"AT": value, "N": name}`. */
export function readAttributeEntry(entry: unknown, where: PirPath): AttributeEntry {
  if (!isObject(entry) || typeof entry.N !== 'string') fail(where, t('an attribute entry needs a name "N" and a value "AT"'));
  const read = readAttributeValue((entry as JsonObject).AT, child(where, 'AT'));
  return { name: entry.N as string, value: read.value, known: read.known, id: String(((entry as JsonObject).AT as JsonObject)['#']) };
}

/** Sets a decoded attribute. Names are data: `__proto__` becomes an own property, not the record's prototype. */
export function setAttribute(into: Record<string, AttrValue>, name: string, value: AttrValue): void {
  if (name === '__proto__') Object.defineProperty(into, name, { value, enumerable: true, writable: true, configurable: true });
  else into[name] = value;
}

/** An attribute list (`A`, `OA`, `DA`, `QA`): entries `{"AT": value, "N": name}`. */
export function readAttributes(list: unknown, where: PirPath, into: Record<string, AttrValue>, unknown: (id: string, name: string) => void): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) fail(where, t('attributes must be a list of {"N": name, "AT": value} entries'));
  for (let i = 0; i < list.length; i++) {
    const entry = readAttributeEntry(list[i], child(where, i));
    setAttribute(into, entry.name, entry.value);
    if (!entry.known) unknown(entry.id, entry.name);
  }
}
