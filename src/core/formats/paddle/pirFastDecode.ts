// The common shapes of a PIR program read straight from the text, without JSON.parse's objects:
// an attribute entry `{"AT":{"#":"0.a_str","D":"…"},"N":"…"}` whose value is a scalar, an int
// list or a list of such, and a dense tensor type `{"#":"0.t_dtensor","D":[{"#":"0.t_f32"},
// [dims],"NCHW",[],0]}` with keys in the order Paddle's writer sorts them. Each returns
// undefined as soon as the text is anything else (another key order, an unknown id, a value
// the decoders would refuse), leaving the cursor anywhere: the caller then goes back and reads
// the value the general way (pirAttributes, pirTypes), which accepts or refuses it with the
// right message. So a reading here is always one the general decoders would give.

import type { AttrValue } from '../../graph/graph';
import * as attributes from './pirAttributes';
import type { AttributeEntry } from './pirAttributes';
import * as keys from './pirJsonCursor';
import type { JsonCursor } from './pirJsonCursor';
import * as names from './pirNames';
import * as types from './pirTypes';
import type { PirType } from './pirTypes';
import { root } from './pirProblem';

// Local constants: through the module object each use would be a getter call in the CommonJS
// the tests and the bench run (the bundles inline them anyway).
const { KEY_AT, KEY_D, KEY_HASH, KEY_N } = keys;
const { attributeKind, float32Value, placeText } = attributes;
const { expandName } = names;
const { elementTypeName, MAX_PIR_RANK } = types;
const QUOTE = 0x22;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const COMMA = 0x2c;
const isNumberStart = (c: number) => c === 0x2d || (c >= 0x30 && c <= 0x39);

/** Consumes `c` after whitespace when it is there. */
function take(cursor: JsonCursor, c: number): boolean {
  if (cursor.peek() !== c) return false;
  cursor.pos++;
  return true;
}

/**
 * Consumes `literal` when the text has it at the cursor: compact files (what Paddle writes by
 * default) are matched a run of punctuation and key at a time; indented ones go token by token.
 */
function lit(cursor: JsonCursor, literal: string): boolean {
  if (!cursor.text.startsWith(literal, cursor.pos)) return false;
  cursor.pos += literal.length;
  return true;
}

/** Reads `"key":` when the next key is the one wanted (the cursor is past the `{` or `,`). */
function takeKey(cursor: JsonCursor, key: number): boolean {
  return cursor.peek() === QUOTE && cursor.key() === key;
}

/** An attribute entry in Paddle's key order with a value of a common kind. */
export function fastAttributeEntry(cursor: JsonCursor): AttributeEntry | undefined {
  if (!lit(cursor, '{"AT":') && (!take(cursor, OPEN_OBJECT) || !takeKey(cursor, KEY_AT))) return undefined;
  const read = fastAttributeValue(cursor, 0);
  if (read === undefined || (!lit(cursor, ',"N":') && (!take(cursor, COMMA) || !takeKey(cursor, KEY_N))) || cursor.peek() !== QUOTE) return undefined;
  const name = cursor.name();
  if (!take(cursor, CLOSE_OBJECT)) return undefined;
  return { name, value: read.value, known: true, id: read.id };
}

/** Checks an attribute list that is not kept (the result attributes of ordinary ops); false when it is not of the common shape. */
export function fastSkipAttributeList(cursor: JsonCursor): boolean {
  if (!take(cursor, OPEN_LIST)) return false;
  for (let count = 0; !take(cursor, CLOSE_LIST); count++) {
    if (count > 0 && !take(cursor, COMMA)) return false;
    if (fastAttributeEntry(cursor) === undefined) return false;
  }
  return true;
}

/** `{"#": id, "D": data}` of a builtin or pd_op kind whose data is plain. */
function fastAttributeValue(cursor: JsonCursor, depth: number): { value: AttrValue; id: string } | undefined {
  if (depth > 4 || (!lit(cursor, '{"#":') && (!take(cursor, OPEN_OBJECT) || !takeKey(cursor, KEY_HASH))) || cursor.peek() !== QUOTE) return undefined;
  const id = cursor.name();
  if (!lit(cursor, ',"D":') && (!take(cursor, COMMA) || !takeKey(cursor, KEY_D))) return undefined;
  const c = cursor.peek();
  let value: AttrValue;
  switch (kindOf(id)) {
    case BOOL:
      if (c !== 0x74 && c !== 0x66) return undefined;
      value = cursor.literal();
      break;
    case F32:
      if (!isNumberStart(c)) return undefined;
      value = float32Value(cursor.number());
      break;
    case F64:
      if (!isNumberStart(c)) return undefined;
      value = cursor.number();
      break;
    case INT:
      if (!isNumberStart(c)) return undefined;
      value = cursor.number();
      if (!Number.isInteger(value)) return undefined;
      break;
    case TEXT:
      if (c !== QUOTE) return undefined;
      value = cursor.name();
      break;
    case INT_LIST: {
      const ints = fastIntList(cursor, false);
      if (ints === undefined) return undefined;
      value = ints;
      break;
    }
    case LIST: {
      if (!take(cursor, OPEN_LIST)) return undefined;
      const items: AttrValue[] = [];
      while (!take(cursor, CLOSE_LIST)) {
        if (items.length > 0 && !take(cursor, COMMA)) return undefined;
        const item = fastAttributeValue(cursor, depth + 1);
        if (item === undefined) return undefined;
        items.push(item.value);
      }
      value = items;
      break;
    }
    case PLACE: {
      // [allocation type, device id, device type]
      const ints = c === OPEN_LIST ? fastPlace(cursor) : undefined;
      if (ints === undefined) return undefined;
      value = placeText(ints, root);
      break;
    }
    default:
      return undefined;
  }
  if (!take(cursor, CLOSE_OBJECT)) return undefined;
  return { value, id };
}

// Attribute kinds the fast reading knows, as numbers (a switch over strings compares them in turn).
const OTHER = 0;
const BOOL = 1;
const F32 = 2;
const F64 = 3;
const INT = 4;
const TEXT = 5;
const INT_LIST = 6;
const LIST = 7;
const PLACE = 8;
const KIND_CODES: Record<string, number> = { a_bool: BOOL, a_f32: F32, a_f64: F64, a_i32: INT, a_i64: INT, a_index: INT, a_str: TEXT, a_tensorname: TEXT, a_dtype: TEXT, a_layout: TEXT, a_intarray: INT_LIST, a_array: LIST, a_place: PLACE };

/** Kind codes by attribute type id, as spelled in files (bounded like the other caches). */
const kindCodes = new Map<string, number>();

function kindOf(id: string): number {
  let code = kindCodes.get(id);
  if (code === undefined) {
    code = Object.hasOwn(KIND_CODES, attributeKind(id)) ? KIND_CODES[attributeKind(id)] : OTHER;
    if (kindCodes.size < 4096) kindCodes.set(id, code);
  }
  return code;
}

/** `[int, int, "text"]`, the data of a place attribute. */
function fastPlace(cursor: JsonCursor): unknown[] | undefined {
  cursor.pos++;
  if (!isNumberStart(cursor.peek())) return undefined;
  const kind = cursor.number();
  if (!take(cursor, COMMA) || !isNumberStart(cursor.peek())) return undefined;
  const device = cursor.number();
  if (!Number.isInteger(kind) || !Number.isInteger(device) || !take(cursor, COMMA) || cursor.peek() !== QUOTE) return undefined;
  const type = cursor.name();
  return take(cursor, CLOSE_LIST) ? [kind, device, type] : undefined;
}

/** `[int, …]`; with `dims`, only valid sizes (safe integers from -1). */
function fastIntList(cursor: JsonCursor, dims: boolean): number[] | undefined {
  if (!take(cursor, OPEN_LIST)) return undefined;
  const ints: number[] = [];
  while (!take(cursor, CLOSE_LIST)) {
    if (ints.length > 0 && !take(cursor, COMMA)) return undefined;
    if (!isNumberStart(cursor.peek())) return undefined;
    const n = cursor.number();
    if (dims ? !Number.isSafeInteger(n) || n < -1 || ints.length >= MAX_PIR_RANK : !Number.isInteger(n)) return undefined;
    ints.push(n);
  }
  return ints;
}

/** A dense tensor type (or a scalar type) in Paddle's key order. */
export function fastType(cursor: JsonCursor): PirType | undefined {
  if ((!lit(cursor, '{"#":') && (!take(cursor, OPEN_OBJECT) || !takeKey(cursor, KEY_HASH))) || cursor.peek() !== QUOTE) return undefined;
  const id = cursor.name();
  const element = elementTypeName(id);
  if (element !== undefined) return take(cursor, CLOSE_OBJECT) ? { id: expandName(id), dtype: element } : undefined;
  if (id !== '0.t_dtensor') return undefined;
  if (!lit(cursor, ',"D":[{"#":') && (!take(cursor, COMMA) || !takeKey(cursor, KEY_D) || !take(cursor, OPEN_LIST) || !take(cursor, OPEN_OBJECT) || !takeKey(cursor, KEY_HASH))) return undefined;
  if (cursor.peek() !== QUOTE) return undefined;
  const dtype = elementTypeName(cursor.name());
  if (dtype === undefined || (!lit(cursor, '},') && (!take(cursor, CLOSE_OBJECT) || !take(cursor, COMMA)))) return undefined;
  const dims = fastIntList(cursor, true);
  if (dims === undefined) return undefined;
  // What Paddle writes after the dims of every dense tensor.
  if (lit(cursor, ',"NCHW",[],0]}')) return { id: expandName(id), dtype, dims };
  // The rest (layout, lod, offset) is not kept: only checked to be JSON scalars and lists of them.
  while (!take(cursor, CLOSE_LIST)) {
    if (!take(cursor, COMMA) || !fastSkipPlain(cursor)) return undefined;
  }
  if (!take(cursor, CLOSE_OBJECT)) return undefined;
  return { id: expandName(id), dtype, dims };
}

/** A string, number, or list of lists of numbers (a LoD): skipped, checked as JSON. */
function fastSkipPlain(cursor: JsonCursor, depth = 0): boolean {
  const c = cursor.peek();
  if (c === QUOTE) cursor.name();
  else if (isNumberStart(c)) cursor.number();
  else if (c === OPEN_LIST && depth < 3) {
    cursor.pos++;
    for (let count = 0; !take(cursor, CLOSE_LIST); count++) {
      if (count > 0 && !take(cursor, COMMA)) return false;
      if (!fastSkipPlain(cursor, depth + 1)) return false;
    }
  } else return false;
  return true;
}
