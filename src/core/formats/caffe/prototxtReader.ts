// Protobuf text format (prototxt) reader, driven by the Caffe schema. Hand-written over char codes
// because it must keep every field's place for the language server and read multi-megabyte nets
// at tens of MB/s. Fields the schema does not know (forks' upsample_param, interp_param …) are kept
// as generic values with a warning: real nets use them and Caffe builds that have them run them.
// By default the first syntax error is thrown (the CLI's one-line error); with `recover` the
// reader reads past it (prototxtRecovery.ts).

import { atText, ModelFormatError, type FilePlace } from '../../errors';
import { t } from '../../l10n';
import type { ModelWarning } from '../../model';
import { type ProtoMessage, type ProtoValue, unknownFieldsFor } from './protoMessage';
import type { FieldInfo, MessageType } from './schema';
import { TextLayout } from './textLayout';
import { INT_LIMITS, parseNumber } from './textScalars';
import { C, isIdentPart, isIdentStart, T } from './prototxtLexer';
import { MAX_SYNTAX_ERRORS, PrototxtRecovery } from './prototxtRecovery';
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

export { MAX_SYNTAX_ERRORS };

export function readPrototxt(text: string, file: string, type: MessageType, options: ReadPrototxtOptions = {}): PrototxtDocument {
  const reader = new PrototxtReader(text, file, options.recover === true);
  const message = reader.readRoot(type);
  return { message, type, layout: reader.layout, lines: reader.layout.lines, warnings: reader.warnings, errors: reader.errors };
}

/** The reader proper: fields, blocks and lists into messages, checked against the schema. */
class PrototxtReader extends PrototxtRecovery {
  readonly warnings: ModelWarning[] = [];
  private readonly vendorWarned = new Set<string>();
  /** The next ']' at or after the last extension name's '[' (-1: none left; -2: not looked for). */
  private closeBracket = -2;

  constructor(s: string, file: string, recover: boolean) {
    super(s, file, recover, new TextLayout(s));
  }

  readRoot(type: MessageType): ProtoMessage {
    // Only a file without any LF can be a classic-Mac one; the common case costs two indexOf calls.
    const firstCr = this.s.indexOf('\r');
    if (firstCr !== -1 && this.s.indexOf('\n') === -1) {
      this.warn(firstCr, 'caffe.cr-line-ends', t('this file ends its lines with a lone CR (classic Mac); Caffe reads it as one line, so a # comment hides everything after it. Save it with LF line ends.'));
    }
    const message = newMessage(type);
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
  protected placeAt(offset: number): FilePlace {
    const lines = this.layout.lines;
    const { line, column } = lines.position(offset);
    return atText(line, column, lines.position(this.tokenEnd(offset)));
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
      this.readPastErrors(message, block, type, close);
      if (this.unwindTo !== -1) {
        if (this.depth !== this.unwindTo) return;
        this.unwindTo = -1;
      }
    }
  }

  /** One `name: value` or `name { … }` entry at `this.p`. */
  protected readField(message: ProtoMessage, block: number, type: MessageType | undefined): void {
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
    const field = type?.fields.get(name);
    if (type && !field) {
      if (this.recover && this.closesUnclosedBlocks(name, nameStart)) return;
      this.noteUnknown(message, name, nameStart, type);
    } else if (field) {
      if (field.vendor) this.noteVendor(field, type!, nameStart);
      // The schema's own copy of the name: V8 keeps it in its string table, so storing and
      // reading the property by it skips a table lookup that a slice of the text costs each time.
      name = field.name;
    }
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
    const entry = layout.addField(block, nameStart, valueStart);
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
    const type = field?.message;
    const child = newMessage(type);
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

/** Sets an own property, `__proto__` included (a plain assignment would replace the prototype). */
function setOwn(message: ProtoMessage, name: string, value: ProtoValue): void {
  if (name === '__proto__') Object.defineProperty(message, name, { value, enumerable: true, writable: true, configurable: true });
  else message[name] = value;
}

/** One constructor per message type, made once: see newMessage. */
const makers = new Map<MessageType, new () => ProtoMessage>();

/**
 * An empty plain object (its prototype Object.prototype, as `{}`) for a message of `type`.
 * Made by a constructor of that type's own, V8 sizes the objects to the fields the type's first
 * messages had and keeps those in the object itself, where `{}` keeps four and puts the rest of
 * a layer's fields in a second allocation: less memory and less for the collector per message.
 */
function newMessage(type: MessageType | undefined): ProtoMessage {
  if (type === undefined) return {};
  let make = makers.get(type);
  if (make === undefined) {
    const Message = function (this: ProtoMessage) {} as unknown as new () => ProtoMessage;
    Message.prototype = Object.prototype;
    makers.set(type, (make = Message));
  }
  return new make();
}
