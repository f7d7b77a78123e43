// Protobuf text format (prototxt) reader, driven by the Caffe schema. Hand-written over char codes
// because it must keep every field's place for the language server and read multi-megabyte nets
// at tens of MB/s. Fields the schema does not know (forks' upsample_param, interp_param …) are kept
// as generic values with a warning: real nets use them and Caffe builds that have them run them.
// By default the first syntax error is thrown (the CLI's one-line error); with `recover` the
// reader notes it, skips to the next field of the same block and reads on, as a compiler does,
// so an editor shows every error at once and the layers that did parse stay usable.

import { atText, ModelFormatError, type FilePlace } from '../../errors';
import { t } from '../../l10n';
import type { ModelWarning } from '../../model';
import { type ProtoMessage, type ProtoValue, unknownFieldsFor } from './protoMessage';
import type { FieldInfo, MessageType } from './schema';
import { TextLayout } from './textLayout';
import { INT_LIMITS, parseNumber } from './textScalars';
import { C, isIdentPart, isIdentStart, PrototxtLexer, T } from './prototxtLexer';
import type { LineIndex } from './textPositions';

export interface PrototxtDocument {
  message: ProtoMessage;
  type: MessageType;
  /** Where each block and field is written. */
  layout: TextLayout;
  lines: LineIndex;
  warnings: ModelWarning[];
  /** The syntax errors read past, in reading order (only with `recover`; empty otherwise). */
  errors: ModelFormatError[];
}

export interface ReadPrototxtOptions {
  /** Read past syntax errors (into `errors`) instead of throwing the first. */
  recover?: boolean;
}

/**
 * More syntax errors than this and the text is not a prototxt being edited but something else
 * (a binary file, a pasted log): reading stops there, with one last error saying so.
 */
export const MAX_SYNTAX_ERRORS = 1000;

export function readPrototxt(text: string, file: string, type: MessageType, options: ReadPrototxtOptions = {}): PrototxtDocument {
  const reader = new PrototxtReader(text, file, options.recover === true);
  const message = reader.readRoot(type);
  return { message, type, layout: reader.layout, lines: reader.layout.lines, warnings: reader.warnings, errors: reader.errors };
}

/** The reader proper: fields, blocks and lists into messages, checked against the schema. */
class PrototxtReader extends PrototxtLexer {
  readonly layout: TextLayout;
  readonly warnings: ModelWarning[] = [];
  readonly errors: ModelFormatError[] = [];
  private readonly vendorWarned = new Set<string>();
  private depth = 0;
  /** Per open block depth (0 = the file): its type, where its '{' is, its line's indent (-1: not yet measured). */
  private readonly openTypes: (MessageType | undefined)[] = [];
  private readonly openAt: number[] = [];
  private readonly openIndent: number[] = [];
  /** While recovering from an unclosed block: the depth whose block reads on (-1: none). */
  private unwindTo = -1;
  /** Where the block being unwound ends (the end of its last field). */
  private unwindEnd = 0;
  /** The layout entry of the field being read, dropped when its value fails. */
  private fieldEntry = -1;
  private stopped = false;
  /** The next ']' at or after the last extension name's '[' (-1: none left; -2: not looked for). */
  private closeBracket = -2;

  constructor(
    s: string,
    private readonly file: string,
    private readonly recover: boolean,
  ) {
    super(s);
    this.layout = new TextLayout(s);
  }

  readRoot(type: MessageType): ProtoMessage {
    // Only a file without any LF can be a classic-Mac one; the common case costs two indexOf calls.
    const firstCr = this.s.indexOf('\r');
    if (firstCr !== -1 && this.s.indexOf('\n') === -1) {
      this.warn(firstCr, 'caffe.cr-line-ends', t('this file ends its lines with a lone CR (classic Mac); Caffe reads it as one line, so a # comment hides everything after it. Save it with LF line ends.'));
    }
    const message: ProtoMessage = {};
    const block = this.layout.addBlock(message, type, '', -1, 0);
    this.enter(type, 0);
    this.readFields(message, block, type, -1, 0);
    this.layout.blockEnd.set(block, this.n);
    return message;
  }

  protected fail(offset: number, detail: string): never {
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

  /** Notes the block now open at `this.depth`. */
  private enter(type: MessageType | undefined, openedAt: number): void {
    this.openTypes[this.depth] = type;
    this.openAt[this.depth] = openedAt;
    this.openIndent[this.depth] = -1;
  }

  /** Reads `name: value` / `name { … }` entries until `close` (a char code, or -1 for the end of the text). */
  private readFields(message: ProtoMessage, block: number, type: MessageType | undefined, close: number, openedAt: number): void {
    const s = this.s;
    for (;;) {
      this.skipSpace();
      if (this.p >= this.n) {
        if (close !== -1) this.error(openedAt, t('\'{0}\' is never closed', String.fromCharCode(close === C.RBRACE ? C.LBRACE : C.LT)));
        return;
      }
      if (s.charCodeAt(this.p) === close) {
        this.p++;
        return;
      }
      if (!this.recover) {
        this.readField(message, block, type);
        continue;
      }
      const start = this.p;
      const depth = this.depth;
      this.fieldEntry = -1;
      try {
        this.readField(message, block, type);
      } catch (e) {
        if (!(e instanceof ModelFormatError) || e.file !== this.file) throw e;
        this.depth = depth;
        // A value that failed leaves no place behind: places must pair with the values stored.
        if (this.fieldEntry !== -1) this.layout.fieldOwner.set(this.fieldEntry, -1);
        this.note(e);
        this.skipToNextField(close);
        // Always past the token that failed: every error costs at least one token of the text.
        if (this.p <= start) this.p = this.tokenEnd(start);
      }
      if (this.unwindTo !== -1) {
        if (this.depth !== this.unwindTo) return;
        this.unwindTo = -1;
      }
    }
  }

  /** One `name: value` or `name { … }` entry at `this.p`. */
  private readField(message: ProtoMessage, block: number, type: MessageType | undefined): void {
    const s = this.s;
    const layout = this.layout;
    let c = s.charCodeAt(this.p);
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
      // Remembered: a crafted text of many '[' and no ']' is not searched to its end for each.
      if (this.closeBracket !== -1 && this.closeBracket < this.p) this.closeBracket = s.indexOf(']', this.p);
      const end = this.closeBracket;
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
    if (type && !field) {
      if (this.recover && this.closesUnclosedBlocks(name, nameStart)) return;
      this.noteUnknown(message, name, nameStart, type);
    } else if (field?.vendor) this.noteVendor(field, type!, nameStart);
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
    // A value that fails takes its place with it (the readers pair places with the values stored).
    this.fieldEntry = entry;
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
    layout.fieldEnd.set(entry, this.unwindTo === -1 ? this.p : this.unwindEnd);
    if (this.unwindTo !== -1) return;
    this.skipSpace();
    c = s.charCodeAt(this.p);
    if (c === C.COMMA || c === C.SEMI) this.p++;
  }

  /** With `recover`: a syntax error noted and reading goes on; else it is thrown. */
  private error(offset: number, detail: string): void {
    const e = new ModelFormatError(this.file, this.placeAt(offset), detail);
    if (!this.recover) throw e;
    this.note(e);
  }

  private note(e: ModelFormatError): void {
    if (this.stopped) return;
    this.errors.push(e);
    if (this.errors.length < MAX_SYNTAX_ERRORS) return;
    // Too many to be a net being typed: what follows is not read, and nothing more is said.
    this.errors.push(new ModelFormatError(this.file, e.place, t('reading stopped after {0} syntax errors; the rest of the file is not checked', MAX_SYNTAX_ERRORS)));
    this.stopped = true;
    this.p = this.n;
  }

  /**
   * After a syntax error in a block closed by `close`: skips to the next field name of that block
   * (a name followed by ':', '{' or '<'), or to its closing character, whichever comes first.
   * Nested blocks are skipped whole and strings as the lexer reads them, so every character is
   * looked at once however many errors there are.
   */
  private skipToNextField(close: number): void {
    const s = this.s;
    let depth = 0;
    for (;;) {
      this.skipSpace();
      const p = this.p;
      if (p >= this.n) return;
      const c = s.charCodeAt(p);
      if (c === C.LBRACE || c === C.LT) {
        depth++;
        this.p++;
      } else if (c === C.RBRACE || c === C.GT) {
        // This block's end (or a stray closer the loop will report); at the top a stray one is skipped.
        if (depth === 0 && close !== -1) return;
        if (depth > 0) depth--;
        this.p++;
      } else if (depth === 0 && isIdentStart(c)) {
        const end = this.tokenEnd(p);
        this.p = end;
        this.skipSpace();
        const d = s.charCodeAt(this.p);
        if (d === C.COLON || d === C.LBRACE || d === C.LT) {
          this.p = p;
          return;
        }
      } else this.p = this.tokenEnd(p);
    }
  }

  /**
   * Whether an unknown field `name` starting a line is really the next field of an enclosing
   * message, the blocks between never closed (`layer {` after a layer missing its '}', `bottom:`
   * after a `convolution_param {` left open): if so each is noted as never closed and unwound, so
   * the next layer is read as a layer and not swallowed by the one before. Only a name no deeper
   * indented than the line of the outermost block it closes counts: a fork's own field of that
   * name, nested and indented inside, is read as before.
   */
  private closesUnclosedBlocks(name: string, nameStart: number): boolean {
    const s = this.s;
    let q = nameStart - 1;
    while (q >= 0 && (s.charCodeAt(q) === C.SPACE || s.charCodeAt(q) === C.TAB)) q--;
    if (q >= 0 && s.charCodeAt(q) !== C.LF && s.charCodeAt(q) !== C.CR) return false;
    const indent = nameStart - q - 1;
    let target = -1;
    for (let d = this.depth - 1; d >= 0; d--) {
      if (this.openTypes[d]?.fields.has(name)) {
        target = d;
        break;
      }
    }
    if (target === -1 || indent > this.indentOfOpen(target + 1)) return false;
    const after = this.p;
    this.skipSpace();
    const c = s.charCodeAt(this.p);
    this.p = after;
    if (c !== C.COLON && c !== C.LBRACE && c !== C.LT) return false;
    for (let d = this.depth; d > target; d--) {
      this.error(this.openAt[d], t('\'{0}\' is never closed', String.fromCharCode(s.charCodeAt(this.openAt[d]))));
    }
    if (this.stopped) return true;
    // The unwound blocks end where their last field did, not at the next layer's name.
    let end = nameStart;
    while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
    this.unwindTo = target;
    this.unwindEnd = end;
    this.p = nameStart;
    return true;
  }

  /** Spaces and tabs before the first token of the line holding the '{' of the block at `depth`. */
  private indentOfOpen(depth: number): number {
    if (this.openIndent[depth] !== -1) return this.openIndent[depth];
    const at = this.openAt[depth];
    // From the line index, not by scanning back: a '{' far into a long line costs no more.
    const start = at - this.layout.lines.position(at).column + 1;
    let q = start;
    while (q < at && (this.s.charCodeAt(q) === C.SPACE || this.s.charCodeAt(q) === C.TAB)) q++;
    this.openIndent[depth] = q - start;
    return q - start;
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
    const openedAt = this.p;
    // Deeper than any real net: stop before the stack does.
    if (this.depth + 1 > 100) this.fail(openedAt, t('blocks nested more than {0} deep', 100));
    const open = this.s.charCodeAt(this.p);
    const child: ProtoMessage = {};
    const type = field?.message;
    const block = this.layout.addBlock(child, type, name, parent, nameStart);
    this.p++;
    this.depth++;
    this.enter(type, openedAt);
    this.readFields(child, block, type, open === C.LBRACE ? C.RBRACE : C.GT, openedAt);
    this.depth--;
    this.layout.blockEnd.set(block, this.unwindTo === -1 ? this.p : this.unwindEnd);
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
      if (c === C.LBRACE || c === C.LT) {
        this.readMessageValue(message, block, name, field, this.p);
        if (this.unwindTo !== -1) return;
      } else {
        const at = this.p;
        this.readToken();
        this.store(message, name, field, this.convert(field, name, at, message), nameStart, true);
      }
      // Values are stored: the list's place stays whatever fails after.
      this.fieldEntry = -1;
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

}

function isSpace(c: number): boolean {
  return c === C.SPACE || c === C.LF || c === C.TAB || c === C.CR || c === C.VT || c === C.FF;
}

/** Sets an own property, `__proto__` included (a plain assignment would replace the prototype). */
function setOwn(message: ProtoMessage, name: string, value: ProtoValue): void {
  if (name === '__proto__') Object.defineProperty(message, name, { value, enumerable: true, writable: true, configurable: true });
  else message[name] = value;
}
