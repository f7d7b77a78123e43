// Protobuf text format (prototxt) reader, driven by the Caffe schema. Hand-written over char codes
// because it must keep every field's place for the language server and read multi-megabyte nets
// at tens of MB/s. Fields the schema does not know (forks' upsample_param, interp_param …) are kept
// as generic values with a warning: real nets use them and Caffe builds that have them run them.

import { atText, ModelFormatError, type FilePlace } from '../../errors';
import { t } from '../../l10n';
import type { ModelWarning } from '../../model';
import { type ProtoMessage, type ProtoValue, unknownFieldsFor } from './protoMessage';
import type { FieldInfo, MessageType } from './schema';
import { TextLayout } from './textLayout';
import { INT_LIMITS, isHexPrefix, parseNumber, readEscape } from './textScalars';
import type { LineIndex } from './textPositions';

export interface PrototxtDocument {
  message: ProtoMessage;
  type: MessageType;
  /** Where each block and field is written. */
  layout: TextLayout;
  lines: LineIndex;
  warnings: ModelWarning[];
}

export function readPrototxt(text: string, file: string, type: MessageType): PrototxtDocument {
  const reader = new PrototxtReader(text, file);
  const message = reader.readRoot(type);
  return { message, type, layout: reader.layout, lines: reader.layout.lines, warnings: reader.warnings };
}

/** A prototxt string value longer than this is no setting: a clear error, not a gigabyte string. */
const MAX_STRING_CHARS = 16 * 1024 * 1024;

const enum C {
  TAB = 9, LF = 10, VT = 11, FF = 12, CR = 13, SPACE = 32, HASH = 35, DQUOTE = 34, SQUOTE = 39,
  COMMA = 44, MINUS = 45, PLUS = 43, DOT = 46, COLON = 58, SEMI = 59, LT = 60, GT = 62,
  LBRACKET = 91, RBRACKET = 93, BACKSLASH = 92, LBRACE = 123, RBRACE = 125, UNDERSCORE = 95,
}

const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === C.UNDERSCORE;
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number) => c >= 48 && c <= 57;

// The current value token lives in the reader's fields (no object per token).
const enum T { STRING, NUMBER, IDENT, INTEGER }


class PrototxtReader {
  readonly layout: TextLayout;
  readonly warnings: ModelWarning[] = [];
  private p = 0;
  private tokKind = T.STRING;
  /** The string's value, or the number's or identifier's text. */
  private tok = '';
  /** T.INTEGER: a plain decimal integer read without making its text, and where it starts. */
  private tokInteger = 0;
  private tokStart = 0;
  private readonly n: number;
  private readonly vendorWarned = new Set<string>();
  private depth = 0;
  private readonly interned: (string | undefined)[] = new Array(4096).fill(undefined);

  constructor(
    private readonly s: string,
    private readonly file: string,
  ) {
    this.n = s.length;
    this.layout = new TextLayout(s);
    if (s.charCodeAt(0) === 0xfeff) this.p = 1;
  }

  readRoot(type: MessageType): ProtoMessage {
    // Only a file without any LF can be a classic-Mac one; the common case costs two indexOf calls.
    const firstCr = this.s.indexOf('\r');
    if (firstCr !== -1 && this.s.indexOf('\n') === -1) {
      this.warn(firstCr, 'caffe.cr-line-ends', t('this file ends its lines with a lone CR (classic Mac); Caffe reads it as one line, so a # comment hides everything after it. Save it with LF line ends.'));
    }
    const message: ProtoMessage = {};
    const block = this.layout.addBlock(message, type, '', -1, 0);
    this.readFields(message, block, type, -1, 0);
    this.layout.blockEnd.set(block, this.n);
    return message;
  }

  private fail(offset: number, detail: string): never {
    throw new ModelFormatError(this.file, this.placeAt(offset), detail);
  }

  private warn(offset: number, code: string, message: string): void {
    this.warnings.push({ file: this.file, place: this.placeAt(offset), code, message });
  }

  /** The token at `offset` as a place with an end, so a squiggle covers exactly that token. */
  private placeAt(offset: number): FilePlace {
    const lines = this.layout.lines;
    const { line, column } = lines.position(offset);
    return atText(line, column, lines.position(this.tokenEnd(offset)));
  }

  /** Where the token starting at `offset` ends: a name or number, a quoted string on its line, else one character. */
  private tokenEnd(offset: number): number {
    const s = this.s;
    if (offset >= this.n) return offset;
    const c = s.charCodeAt(offset);
    if (c === C.DQUOTE || c === C.SQUOTE) {
      for (let q = offset + 1; q < this.n; q++) {
        const d = s.charCodeAt(q);
        if (d === C.LF || d === 13) return q;
        if (d === C.BACKSLASH) q++;
        else if (d === c) return q + 1;
      }
      return this.n;
    }
    let q = offset;
    while (q < this.n) {
      const d = s.charCodeAt(q);
      if (!isIdentPart(d) && d !== C.DOT && d !== C.MINUS && d !== C.PLUS) break;
      q++;
    }
    if (q > offset) return q;
    // One character, a surrogate pair counted whole.
    return offset + (s.codePointAt(offset)! > 0xffff ? 2 : 1);
  }

  /**
   * The text [start, end) as a string, shared with earlier equal ones: names, types and enum values
   * repeat thousands of times in a big net, and one copy each keeps memory and GC time down.
   */
  private intern(start: number, end: number, hash: number): string {
    // A fixed table, last one wins: frequent texts stay, one-off names cost no more than a slice.
    const slot = (hash ^ (hash >>> 13) ^ (end - start)) & 4095;
    const known = this.interned[slot];
    if (known !== undefined && known.length === end - start && this.s.startsWith(known, start)) return known;
    const text = this.s.slice(start, end);
    this.interned[slot] = text;
    return text;
  }

  private skipSpace(): void {
    const s = this.s;
    const n = this.n;
    let p = this.p;
    while (p < n) {
      const c = s.charCodeAt(p);
      if (c === C.SPACE || c === C.LF || c === C.TAB || c === C.CR || c === C.VT || c === C.FF) p++;
      else if (c === C.HASH) {
        // A comment ends at the end of its line, a lone CR included, as the editor shows it.
        let eol = p + 1;
        while (eol < n) {
          const d = s.charCodeAt(eol);
          if (d === C.LF || d === C.CR) break;
          eol++;
        }
        p = eol;
      } else break;
    }
    this.p = p;
  }

  /** Reads `name: value` / `name { … }` entries until `close` (a char code, or -1 for the end of the text). */
  private readFields(message: ProtoMessage, block: number, type: MessageType | undefined, close: number, openedAt: number): void {
    const s = this.s;
    const layout = this.layout;
    for (;;) {
      this.skipSpace();
      if (this.p >= this.n) {
        if (close !== -1) this.fail(openedAt, t('\'{0}\' is never closed', String.fromCharCode(close === C.RBRACE ? C.LBRACE : C.LT)));
        return;
      }
      let c = s.charCodeAt(this.p);
      if (c === close) {
        this.p++;
        return;
      }
      const nameStart = this.p;
      let name: string;
      if (isIdentStart(c)) {
        let q = this.p + 1;
        let h = c;
        for (; q < this.n; q++) {
          const d = s.charCodeAt(q);
          if (!isIdentPart(d)) break;
          h = (h * 31 + d) | 0;
        }
        name = this.intern(this.p, q, h);
        this.p = q;
      } else if (c === C.LBRACKET) {
        const end = s.indexOf(']', this.p);
        if (end === -1) this.fail(this.p, t('\'[\' of an extension name is never closed'));
        name = s.slice(this.p, end + 1).replace(/\s+/g, '');
        this.p = end + 1;
      } else if (c === C.RBRACE || c === C.GT) {
        this.fail(this.p, t('unexpected \'{0}\': nothing to close here', String.fromCharCode(c)));
      } else {
        this.fail(this.p, t('expected a field name, found {0}', this.describe(this.p)));
      }
      // Would set the object's prototype instead of a field.
      const field = type?.fields.get(name);
      if (type && !field) this.noteUnknown(message, name, nameStart, type);
      else if (field?.vendor) this.noteVendor(field, type!, nameStart);
      this.skipSpace();
      c = s.charCodeAt(this.p);
      let colon = false;
      if (c === C.COLON) {
        colon = true;
        this.p++;
        this.skipSpace();
        c = s.charCodeAt(this.p);
      }
      const valueStart = this.p;
      const entry = layout.addField(block, nameStart, valueStart, valueStart);
      if (c === C.LBRACE || c === C.LT) {
        this.readMessageValue(message, block, name, field, nameStart);
      } else if (c === C.LBRACKET && colon) {
        this.readList(message, block, name, field, nameStart);
      } else if (!colon) {
        this.fail(this.p, t('expected \'{0}\' or \'{1}\' after field name \'{2}\', found {3}', ':', '{', name, this.describe(this.p)));
      } else {
        this.readToken();
        this.store(message, name, field, this.convert(field, name, valueStart, message), nameStart, false);
      }
      layout.fieldEnd.set(entry, this.p);
      this.skipSpace();
      c = s.charCodeAt(this.p);
      if (c === C.COMMA || c === C.SEMI) this.p++;
    }
  }

  private readMessageValue(message: ProtoMessage, parent: number, name: string, field: FieldInfo | undefined, nameStart: number): void {
    if (field && field.kind !== 'message') {
      this.fail(
        this.p,
        field.kind === 'enum'
          ? t('field \'{0}\' holds a {1} value, not a message block', name, field.enumType!.name)
          : t('field \'{0}\' holds a {1}, not a message block', name, field.kind),
      );
    }
    const open = this.s.charCodeAt(this.p);
    const child: ProtoMessage = {};
    const type = field?.message;
    const block = this.layout.addBlock(child, type, name, parent, nameStart);
    const openedAt = this.p;
    this.p++;
    // Deeper than any real net: stop before the stack does.
    if (++this.depth > 100) this.fail(openedAt, t('blocks nested more than {0} deep', 100));
    this.readFields(child, block, type, open === C.LBRACE ? C.RBRACE : C.GT, openedAt);
    this.depth--;
    this.layout.blockEnd.set(block, this.p);
    this.store(message, name, field, child, nameStart, false);
  }

  private readList(message: ProtoMessage, block: number, name: string, field: FieldInfo | undefined, nameStart: number): void {
    if (field && !field.repeated) this.fail(this.p, t('field \'{0}\' is not repeated, so it cannot take a [ ] list', name));
    this.p++;
    this.skipSpace();
    if (this.s.charCodeAt(this.p) === C.RBRACKET) {
      this.p++;
      if (!field) this.store(message, name, field, [], nameStart, true);
      return;
    }
    for (;;) {
      this.skipSpace();
      const c = this.s.charCodeAt(this.p);
      if (c === C.LBRACE || c === C.LT) this.readMessageValue(message, block, name, field, this.p);
      else {
        const at = this.p;
        this.readToken();
        this.store(message, name, field, this.convert(field, name, at, message), nameStart, true);
      }
      this.skipSpace();
      const d = this.s.charCodeAt(this.p);
      if (d === C.COMMA) this.p++;
      else if (d === C.RBRACKET) {
        this.p++;
        return;
      } else this.fail(this.p, t('expected \',\' or \']\' in the list of \'{0}\', found {1}', name, this.describe(this.p)));
    }
  }

  private store(message: ProtoMessage, name: string, field: FieldInfo | undefined, value: ProtoValue, at: number, inList: boolean): void {
    if (field) {
      if (field.repeated) {
        const list = message[name];
        if (Array.isArray(list)) list.push(value);
        else message[name] = [value];
      } else {
        if (message[name] !== undefined) this.warn(at, 'caffe.repeated-field', t('\'{0}\' is not a repeated field but is given more than once; the last value counts', name));
        message[name] = value;
      }
      return;
    }
    // Names of unknown fields are the file's: `constructor` or `__proto__` are data like any other,
    // never Object.prototype's.
    const existing = Object.prototype.hasOwnProperty.call(message, name) ? message[name] : undefined;
    const repeated = unknownFieldsFor(message).repeated;
    if (existing === undefined) {
      if (inList) {
        repeated.add(name);
        setOwn(message, name, Array.isArray(value) ? value : [value]);
      } else setOwn(message, name, value);
    } else if (repeated.has(name)) (existing as ProtoValue[]).push(value);
    else {
      repeated.add(name);
      setOwn(message, name, [existing, value]);
    }
  }

  private noteUnknown(message: ProtoMessage, name: string, at: number, type: MessageType): void {
    unknownFieldsFor(message).names.add(name);
    this.warn(at, 'caffe.unknown-field', t('\'{0}\' is not a field of {1} (a fork\'s extension?); kept as written', name, `caffe.${type.name}`));
  }

  private noteVendor(field: FieldInfo, type: MessageType, at: number): void {
    const key = `${type.name}.${field.name}`;
    if (this.vendorWarned.has(key)) return;
    this.vendorWarned.add(key);
    this.warn(at, 'caffe.vendor-extension', t('\'{0}\' is an extension of the {1} Caffe fork; BVLC Caffe does not know it', field.name, String(field.vendor?.toUpperCase())));
  }

  private describe(at: number): string {
    if (at >= this.n) return t('the end of the file');
    const c = this.s.codePointAt(at)!;
    return `'${String.fromCodePoint(c)}'`;
  }

  /** Reads one scalar token into tokKind/tok. */
  private readToken(): void {
    const s = this.s;
    const start = this.p;
    if (start >= this.n) this.fail(start, t('expected a value, found {0}', this.describe(start)));
    const c = s.charCodeAt(start);
    if (c === C.DQUOTE || c === C.SQUOTE) {
      let value = this.readString();
      // Adjacent strings concatenate; the value ends with the last one, not the space after it.
      for (let end = this.p; ; end = this.p) {
        this.skipSpace();
        const d = s.charCodeAt(this.p);
        if (d !== C.DQUOTE && d !== C.SQUOTE) {
          this.p = end;
          break;
        }
        value += this.readString();
      }
      this.tokKind = T.STRING;
      this.tok = value;
      return;
    }
    if (isDigit(c) && c !== 48) {
      // Fast path for the common case, a plain decimal integer: no slice, no parse.
      let q = start;
      let v = 0;
      for (; q < this.n; q++) {
        const d = s.charCodeAt(q);
        if (d < 48 || d > 57) break;
        v = v * 10 + (d - 48);
      }
      const after = q < this.n ? s.charCodeAt(q) : 32;
      if (!isIdentPart(after) && after !== C.DOT && q - start < 16) {
        this.p = q;
        this.tokKind = T.INTEGER;
        this.tokInteger = v;
        this.tokStart = start;
        return;
      }
    }
    if (isDigit(c) || c === C.MINUS || c === C.DOT || c === C.PLUS) {
      let q = start + 1;
      if ((c === C.MINUS || c === C.PLUS) && q < this.n && isIdentStart(s.charCodeAt(q))) {
        while (q < this.n && isIdentPart(s.charCodeAt(q))) q++;
      } else {
        while (q < this.n) {
          const d = s.charCodeAt(q);
          if (isIdentPart(d) || d === C.DOT) q++;
          else if ((d === C.MINUS || d === C.PLUS) && (s.charCodeAt(q - 1) | 32) === 101 && !isHexPrefix(s, start, q)) q++;
          else break;
        }
      }
      this.p = q;
      this.tokKind = T.NUMBER;
      this.tok = s.slice(start, q);
      return;
    }
    if (isIdentStart(c)) {
      let q = start + 1;
      let h = c;
      for (; q < this.n; q++) {
        const d = s.charCodeAt(q);
        if (!isIdentPart(d)) break;
        h = (h * 31 + d) | 0;
      }
      this.p = q;
      this.tokKind = T.IDENT;
      this.tok = this.intern(start, q, h);
      return;
    }
    this.fail(start, t('expected a value, found {0}', this.describe(start)));
  }

  private readString(): string {
    const s = this.s;
    const quote = s.charCodeAt(this.p);
    const start = this.p + 1;
    let q = start;
    // Fast path: no escapes, one (interned) slice.
    let h = 0;
    for (;;) {
      if (q >= this.n) this.fail(this.p, t('string is never closed'));
      const c = s.charCodeAt(q);
      if (c === quote) {
        if (q - start > MAX_STRING_CHARS) this.fail(start - 1, t('a string longer than {0} characters is not read', MAX_STRING_CHARS));
        this.p = q + 1;
        return q - start <= 64 ? this.intern(start, q, h) : s.slice(start, q);
      }
      h = (h * 31 + c) | 0;
      if (c === C.BACKSLASH) break;
      if (c === C.LF || c === C.CR) this.fail(this.p, t('string is not closed on its line'));
      q++;
    }
    // Escapes make a part each; parts are joined into chunks as they come, so a string of ten
    // million escapes holds a few thousand chunks, not ten million one-character strings.
    let parts: string[] = [s.slice(start, q)];
    const chunks: string[] = [];
    let length = 0;
    while (q < this.n) {
      if (parts.length >= 4096) {
        const chunk = parts.join('');
        length += chunk.length;
        if (length > MAX_STRING_CHARS) this.fail(start - 1, t('a string longer than {0} characters is not read', MAX_STRING_CHARS));
        chunks.push(chunk);
        parts = [];
      }
      const c = s.charCodeAt(q);
      if (c === quote) {
        this.p = q + 1;
        chunks.push(parts.join(''));
        return chunks.join('');
      }
      if (c === C.LF || c === C.CR) break;
      if (c !== C.BACKSLASH) {
        let r = q + 1;
        while (r < this.n) {
          const d = s.charCodeAt(r);
          if (d === quote || d === C.BACKSLASH || d === C.LF || d === C.CR) break;
          r++;
        }
        parts.push(s.slice(q, r));
        q = r;
        continue;
      }
      q = readEscape(s, q, parts, (at, detail) => this.fail(at, detail));
    }
    this.fail(this.p, t('string is not closed on its line'));
  }

  private convert(field: FieldInfo | undefined, name: string, at: number, message: ProtoMessage): ProtoValue {
    if (this.tokKind === T.INTEGER) {
      const k = field?.kind;
      if (k !== undefined && k !== 'string' && k !== 'bytes' && k !== 'bool' && k !== 'enum' && k !== 'message') {
        const limits = INT_LIMITS[k];
        if (!limits || this.tokInteger <= limits[1]) return this.tokInteger;
      } else if (k === undefined) return this.tokInteger;
      // Anything unusual takes the general path with the token's text.
      this.tokKind = T.NUMBER;
      this.tok = this.s.slice(this.tokStart, this.p);
    }
    const kind = this.tokKind;
    const text = this.tok;
    if (!field) {
      if (kind === T.STRING) return text;
      if (kind === T.IDENT) {
        if (text === 'true' || text === 'True') return true;
        if (text === 'false' || text === 'False') return false;
        unknownFieldsFor(message).identifiers.add(name);
        return text;
      }
      const n = parseNumber(text);
      if (n === undefined) this.fail(at, t('\'{0}\' is not a number', text));
      return n.value;
    }
    switch (field.kind) {
      case 'string':
      case 'bytes':
        if (kind !== T.STRING) this.fail(at, t('field \'{0}\' takes a quoted string, found {1}', name, this.tokenText()));
        return text;
      case 'bool':
        if (kind === T.IDENT) {
          if (text === 'true' || text === 't' || text === 'True') return true;
          if (text === 'false' || text === 'f' || text === 'False') return false;
        } else if (kind === T.NUMBER && (text === '1' || text === '0')) return text === '1';
        this.fail(at, t('field \'{0}\' takes true or false, found {1}', name, this.tokenText()));
      case 'enum': {
        const e = field.enumType!;
        if (kind === T.IDENT) {
          if (e.byName.has(text)) return text;
          this.fail(at, t('\'{0}\' is not a value of {1} (field \'{2}\'); expected one of {3}', text, e.name, name, [...e.byName.keys()].join(', ')));
        }
        if (kind === T.NUMBER) {
          const n = parseNumber(text);
          const known = n?.integer ? e.byNumber.get(n.value) : undefined;
          if (known !== undefined) return known;
        }
        this.fail(at, t('field \'{0}\' takes a {1} value, found {2}', name, e.name, this.tokenText()));
      }
      case 'message':
        this.fail(at, t('field \'{0}\' takes a message block { … }, found {1}', name, this.tokenText()));
      case 'float':
      case 'double': {
        const n = kind === T.STRING ? undefined : parseNumber(text);
        if (n === undefined) return this.fail(at, t('field \'{0}\' takes a number, found {1}', name, this.tokenText()));
        return n.value;
      }
      default: {
        const n = kind === T.NUMBER ? parseNumber(text) : undefined;
        if (n === undefined || !n.integer) this.fail(at, t('field \'{0}\' takes an integer ({1}), found {2}', name, field.kind, this.tokenText()));
        const [lo, hi] = INT_LIMITS[field.kind];
        if (n.value < lo || n.value > hi) this.fail(at, t('{0} is out of range for field \'{1}\' ({2})', n.value, name, field.kind));
        return n.value;
      }
    }
  }

  private tokenText(): string {
    return this.tokKind === T.STRING ? t('the string "{0}"', this.tok.slice(0, 40)) : `'${this.tok}'`;
  }
}

/** Sets an own property, `__proto__` included (a plain assignment would replace the prototype). */
function setOwn(message: ProtoMessage, name: string, value: ProtoValue): void {
  if (name === '__proto__') Object.defineProperty(message, name, { value, enumerable: true, writable: true, configurable: true });
  else message[name] = value;
}
