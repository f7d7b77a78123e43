// The low-level half of the PIR scanner: a cursor over the program's text that reads JSON tokens
// in place, so the program reader can build ops, values and attributes directly instead of first
// building JSON.parse's generic objects and walking them. It accepts exactly JSON (RFC 8259):
// anything else stops it with JsonSyntaxStop, and the reader then asks findJsonSyntaxProblem
// (pirJsonSyntax.ts) for the first bad character and what was expected there.
//
// Object keys are told apart by their characters (KEY_* codes), not by making a string of each:
// a program holds tens of keys per op. Strings without escapes are sliced; the rare ones with
// escapes are decoded by JSON.parse on their own slice.

/** The text is not JSON (or ends early) at `offset`: only a signal, the message is made elsewhere. */
export class JsonSyntaxStop extends Error {
  override readonly name = 'JsonSyntaxStop';
  constructor(readonly offset: number) {
    super(`not JSON at ${offset}`);
  }
}

/** A JSON value too deeply nested for the generic reader; `offset` is where the too-deep value starts. */
export class JsonTooDeep extends Error {
  override readonly name = 'JsonTooDeep';
  constructor(readonly offset: number) {
    super(`too deep at ${offset}`);
  }
}

// Keys a PIR program uses, by code; KEY_OTHER for any other key.
export const KEY_OTHER = 0;
export const KEY_HASH = 1; // #
export const KEY_PERCENT = 2; // %
export const KEY_A = 3;
export const KEY_DA = 4;
export const KEY_I = 5;
export const KEY_O = 6;
export const KEY_OA = 7;
export const KEY_QA = 8;
export const KEY_TT = 9;
export const KEY_N = 10;
export const KEY_AT = 11;
export const KEY_D = 12;
export const KEY_VD = 13;
export const KEY_REGIONS = 14;
export const KEY_BLOCKS = 15;
export const KEY_OPS = 16;
export const KEY_ARGS = 17;
export const KEY_KWARGS = 18;
export const KEY_BASE_CODE = 19;
export const KEY_PROGRAM = 20;
export const KEY_MAGIC = 21;
export const KEY_TRAINABLE = 22;
export const KEY_VERSION = 23;

/** The longer keys, for a key whose first character does not settle it (and for keys with escapes). */
const LONG_KEYS = new Map<string, number>([
  ['#', KEY_HASH],
  ['%', KEY_PERCENT],
  ['A', KEY_A],
  ['DA', KEY_DA],
  ['I', KEY_I],
  ['O', KEY_O],
  ['OA', KEY_OA],
  ['QA', KEY_QA],
  ['TT', KEY_TT],
  ['N', KEY_N],
  ['AT', KEY_AT],
  ['D', KEY_D],
  ['VD', KEY_VD],
  ['regions', KEY_REGIONS],
  ['blocks', KEY_BLOCKS],
  ['ops', KEY_OPS],
  ['args', KEY_ARGS],
  ['kwargs', KEY_KWARGS],
  ['base_code', KEY_BASE_CODE],
  ['program', KEY_PROGRAM],
  ['magic', KEY_MAGIC],
  ['trainable', KEY_TRAINABLE],
  ['version', KEY_VERSION],
]);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;

/** Slots of the recurring-name cache (a power of two). */
const NAME_SLOTS = 1024;

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

export class JsonCursor {
  pos = 0;
  readonly n: number;

  constructor(readonly text: string) {
    this.n = text.length;
  }

  stop(at = this.pos): never {
    throw new JsonSyntaxStop(at);
  }

  /** Skips JSON whitespace and returns the next character code (NaN at the end). */
  peek(): number {
    const text = this.text;
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++pos);
    this.pos = pos;
    return c;
  }

  /** Consumes `c` after whitespace, or stops. */
  expect(c: number): void {
    if (this.peek() !== c) this.stop();
    this.pos++;
  }

  /** After `{` or `[` and `count` items: true when the container closes (consumed), else consumes the `,` before the next item. */
  atEnd(close: number, count: number): boolean {
    const c = this.peek();
    if (c === close) {
      this.pos++;
      return true;
    }
    if (count > 0) {
      if (c !== COMMA) this.stop();
      this.pos++;
    }
    return false;
  }

  /** Reads `"key":` and returns its KEY_* code; the key itself is in lastKey when it is KEY_OTHER. */
  key(): number {
    if (this.peek() !== QUOTE) this.stop();
    const text = this.text;
    const start = this.pos + 1;
    let end = start;
    let c = text.charCodeAt(end);
    while (c !== QUOTE && c !== BACKSLASH && c >= 0x20) c = text.charCodeAt(++end);
    let code: number;
    if (c === QUOTE) {
      this.pos = end + 1;
      code = end - start <= 2 ? shortKey(text, start, end - start) : (LONG_KEYS.get(text.slice(start, end)) ?? KEY_OTHER);
      if (code === KEY_OTHER) this.lastKey = text.slice(start, end);
    } else {
      this.pos = start - 1;
      this.lastKey = this.string();
      code = LONG_KEYS.get(this.lastKey) ?? KEY_OTHER;
    }
    this.expect(COLON);
    return code;
  }

  /** The last key read that is not one of the KEY_* codes (or had escapes). */
  lastKey = '';

  /** A string value at the cursor (after whitespace). */
  string(): string {
    if (this.peek() !== QUOTE) this.stop();
    const text = this.text;
    const start = this.pos + 1;
    let end = start;
    let c = text.charCodeAt(end);
    while (c !== QUOTE && c !== BACKSLASH && c >= 0x20) c = text.charCodeAt(++end);
    if (c === QUOTE) {
      this.pos = end + 1;
      return text.slice(start, end);
    }
    if (c !== BACKSLASH) this.stop(end);
    // Escapes: find the closing quote, then let JSON.parse decode (and check) this one string.
    for (;;) {
      if (c === BACKSLASH) end += 2;
      else if (c === QUOTE) break;
      else if (c < 0x20 || end >= this.n) this.stop(end);
      else end++;
      c = text.charCodeAt(end);
    }
    this.pos = end + 1;
    try {
      return JSON.parse(text.slice(start - 1, end + 1)) as string;
    } catch {
      return this.stop(start - 1);
    }
  }

  /**
   * A string that recurs through the program (an op name, a type or attribute id, an attribute
   * name, a layout): the same string object each time, found again by comparing characters in
   * place, so no new string is made (and later hashed) for every occurrence.
   */
  name(): string {
    if (this.peek() !== QUOTE) this.stop();
    const text = this.text;
    const start = this.pos + 1;
    let end = start;
    let c = text.charCodeAt(end);
    while (c !== QUOTE && c !== BACKSLASH && c >= 0x20) c = text.charCodeAt(++end);
    const length = end - start;
    if (c !== QUOTE || length > 64) return this.string();
    const slot = (length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1) + text.charCodeAt(start + (length >> 1)) * 3) & (NAME_SLOTS - 1);
    const known = this.names[slot];
    this.pos = end + 1;
    if (known !== undefined && known.length === length && text.startsWith(known, start)) return known;
    const fresh = text.slice(start, end);
    this.names[slot] = fresh;
    return fresh;
  }

  private readonly names: (string | undefined)[] = new Array<string | undefined>(NAME_SLOTS);

  /** A number value at the cursor (after whitespace), as JSON.parse reads it. */
  number(): number {
    this.peek();
    const text = this.text;
    const start = this.pos;
    let pos = start;
    let c = text.charCodeAt(pos);
    let negative = false;
    if (c === MINUS) {
      negative = true;
      c = text.charCodeAt(++pos);
    }
    if (!isDigit(c)) this.stop(pos);
    let value = 0;
    if (c === 0x30) c = text.charCodeAt(++pos);
    else {
      do {
        value = value * 10 + (c - 0x30);
        c = text.charCodeAt(++pos);
      } while (isDigit(c));
    }
    let exact = pos - start <= 15;
    if (c === 0x2e) {
      exact = false;
      c = text.charCodeAt(++pos);
      if (!isDigit(c)) this.stop(pos);
      while (isDigit(c)) c = text.charCodeAt(++pos);
    }
    if (c === 0x65 || c === 0x45) {
      exact = false;
      c = text.charCodeAt(++pos);
      if (c === 0x2b || c === MINUS) c = text.charCodeAt(++pos);
      if (!isDigit(c)) this.stop(pos);
      while (isDigit(c)) c = text.charCodeAt(++pos);
    }
    this.pos = pos;
    // Up to 15 digits the sum is exact; otherwise the correctly rounded reading JSON.parse gives.
    if (exact) return negative ? (value === 0 ? -0 : -value) : value;
    return Number(text.slice(start, pos));
  }

  /** `true`, `false` or `null` at the cursor. */
  literal(): boolean | null {
    const c = this.peek();
    const text = this.text;
    if (c === 0x74 && text.startsWith('true', this.pos)) {
      this.pos += 4;
      return true;
    }
    if (c === 0x66 && text.startsWith('false', this.pos)) {
      this.pos += 5;
      return false;
    }
    if (c === 0x6e && text.startsWith('null', this.pos)) {
      this.pos += 4;
      return null;
    }
    return this.stop();
  }

  /**
   * Any JSON value as JSON.parse builds it (for the small, rare parts: block arguments, flags).
   * Nesting deeper than `maxDepth` containers throws JsonTooDeep at the value that goes too deep.
   */
  value(maxDepth: number, depth = 0): unknown {
    const c = this.peek();
    if (c === QUOTE) return this.string();
    if (c === OPEN_LIST) {
      if (depth >= maxDepth) throw new JsonTooDeep(this.pos);
      this.pos++;
      const list: unknown[] = [];
      while (!this.atEnd(CLOSE_LIST, list.length)) list.push(this.value(maxDepth, depth + 1));
      return list;
    }
    if (c === OPEN_OBJECT) {
      if (depth >= maxDepth) throw new JsonTooDeep(this.pos);
      this.pos++;
      const object: Record<string, unknown> = {};
      for (let count = 0; !this.atEnd(CLOSE_OBJECT, count); count++) {
        if (this.peek() !== QUOTE) this.stop();
        const name = this.string();
        this.expect(COLON);
        const v = this.value(maxDepth, depth + 1);
        // As JSON.parse: a key named __proto__ is an own property, not the prototype.
        if (name === '__proto__') Object.defineProperty(object, name, { value: v, enumerable: true, writable: true, configurable: true });
        else object[name] = v;
      }
      return object;
    }
    if (c === MINUS || isDigit(c)) return this.number();
    return this.literal();
  }

  /**
   * Where the value at the cursor ends (the cursor is left at its start). Containers are matched
   * by counting brackets outside strings, without recursion; the value's text is checked as
   * JSON only when someone parses it (see sliceValue).
   */
  valueEnd(): number {
    const c = this.peek();
    const text = this.text;
    let pos = this.pos;
    if (c === QUOTE) return this.stringEnd(pos);
    if (c === OPEN_LIST || c === OPEN_OBJECT) {
      let depth = 0;
      for (;;) {
        const d = text.charCodeAt(pos);
        if (d === QUOTE) {
          pos = this.stringEnd(pos);
          continue;
        }
        if (d === OPEN_LIST || d === OPEN_OBJECT) depth++;
        else if (d === CLOSE_LIST || d === CLOSE_OBJECT) {
          if (--depth === 0) return pos + 1;
        } else if (pos >= this.n) this.stop(this.n);
        pos++;
      }
    }
    // A number or literal: up to the next delimiter.
    for (;;) {
      const d = text.charCodeAt(pos);
      if (d === COMMA || d === CLOSE_OBJECT || d === CLOSE_LIST || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09 || pos >= this.n) return pos;
      pos++;
    }
  }

  /** Just past the string whose opening quote is at `pos`. */
  private stringEnd(pos: number): number {
    const text = this.text;
    for (;;) {
      const q = text.indexOf('"', pos + 1);
      if (q < 0) return this.stop(this.n);
      // An escaped quote has an odd number of backslashes before it.
      let b = q - 1;
      while (text.charCodeAt(b) === BACKSLASH) b--;
      if ((q - 1 - b) % 2 === 0) return q + 1;
      pos = q;
    }
  }
}

/** KEY_* code of a key of one or two characters at `start`. */
function shortKey(text: string, start: number, length: number): number {
  const a = text.charCodeAt(start);
  if (length === 1) {
    switch (a) {
      case 0x23:
        return KEY_HASH;
      case 0x25:
        return KEY_PERCENT;
      case 0x41:
        return KEY_A;
      case 0x49:
        return KEY_I;
      case 0x4f:
        return KEY_O;
      case 0x4e:
        return KEY_N;
      case 0x44:
        return KEY_D;
      default:
        return KEY_OTHER;
    }
  }
  if (length !== 2) return KEY_OTHER;
  const b = text.charCodeAt(start + 1);
  if (b === 0x41) {
    // ?A
    if (a === 0x44) return KEY_DA;
    if (a === 0x4f) return KEY_OA;
    if (a === 0x51) return KEY_QA;
  } else if (a === 0x54 && b === 0x54) return KEY_TT;
  else if (a === 0x41 && b === 0x54) return KEY_AT;
  else if (a === 0x56 && b === 0x44) return KEY_VD;
  return KEY_OTHER;
}
