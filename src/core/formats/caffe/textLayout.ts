// Where every block and field of a prototxt was written, kept as flat number arrays: a net of
// hundreds of thousands of layers costs a few integers per field instead of an object each.
// The language server asks for positions rarely; building per-message views then is cheap enough.

import type { SourceRange } from '../../graph/graph';
import type { ProtoMessage } from './protoMessage';
import type { MessageType } from './schema';
import { LineIndex } from './textPositions';

export interface FieldPlace {
  name: string;
  /** From the field name to the end of its value (a block's closing brace included). */
  range: SourceRange;
  /** The value alone. */
  value: SourceRange;
}

/** Entries per chunk of an IntList (64 KB). */
const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;

/**
 * A growable Int32 list: positions cost 4 bytes each and nothing for the garbage collector to
 * walk. Kept in fixed chunks once past the first: a million-layer net grows its lists without
 * ever holding an old and a new copy at once, and wastes at most one chunk each, where doubling
 * one array left up to half of it unused.
 */
export class IntList {
  private readonly chunks: Int32Array[] = [new Int32Array(256)];
  length = 0;

  push(v: number): number {
    const i = this.length;
    let chunk = this.chunks[i >>> CHUNK_BITS];
    const at = i & (CHUNK - 1);
    if (chunk === undefined) {
      chunk = new Int32Array(CHUNK);
      this.chunks.push(chunk);
    } else if (at === chunk.length) {
      // Only the first chunk is smaller than CHUNK: it doubles until it is full size.
      const grown = new Int32Array(chunk.length * 2);
      grown.set(chunk);
      this.chunks[0] = chunk = grown;
    }
    chunk[at] = v;
    this.length = i + 1;
    return i;
  }

  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][i & (CHUNK - 1)];
  }

  set(i: number, v: number): void {
    this.chunks[i >>> CHUNK_BITS][i & (CHUNK - 1)] = v;
  }

  /** Bytes held, for measurements. */
  get bytes(): number {
    let total = 0;
    for (const c of this.chunks) total += c.byteLength;
    return total;
  }
}

export class TextLayout {
  readonly lines: LineIndex;
  /** Blocks (messages); block 0 is the whole file. */
  readonly blockMessage: ProtoMessage[] = [];
  readonly blockType: (MessageType | undefined)[] = [];
  /** The field name the block is the value of ('' for the root). */
  readonly blockField: string[] = [];
  readonly blockParent = new IntList();
  readonly blockStart = new IntList();
  readonly blockEnd = new IntList();
  /** Index of the first field occurrence at or after the block's start. */
  readonly blockFirstField = new IntList();
  /** Field occurrences in reading order. */
  readonly fieldOwner = new IntList();
  readonly fieldStart = new IntList();
  /** Where the value ends (where it starts is found again from the text when asked: a rare question). */
  readonly fieldEnd = new IntList();
  private index: Map<ProtoMessage, number> | undefined;

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  addBlock(message: ProtoMessage, type: MessageType | undefined, field: string, parent: number, start: number): number {
    const id = this.blockMessage.length;
    this.blockMessage.push(message);
    this.blockType.push(type);
    this.blockField.push(field);
    this.blockParent.push(parent);
    this.blockStart.push(start);
    this.blockEnd.push(start);
    this.blockFirstField.push(this.fieldOwner.length);
    return id;
  }

  /** Records a field occurrence; returns its index, for setting its end once the value is read. */
  addField(owner: number, start: number, end: number): number {
    this.fieldOwner.push(owner);
    this.fieldStart.push(start);
    return this.fieldEnd.push(end);
  }

  /** The block a message was read from, if it was. */
  blockOf(message: ProtoMessage): number | undefined {
    if (!this.index) {
      this.index = new Map();
      this.blockMessage.forEach((m, i) => this.index!.set(m, i));
    }
    return this.index.get(message);
  }

  /** Blocks directly inside `parent`, in file order. */
  childBlocks(parent: number): number[] {
    const out: number[] = [];
    const end = this.blockEnd.get(parent);
    for (let i = parent + 1; i < this.blockParent.length && this.blockStart.get(i) < end; i++) {
      if (this.blockParent.get(i) === parent) out.push(i);
    }
    return out;
  }

  blockRange(block: number): SourceRange {
    return this.lines.range(this.blockStart.get(block), this.blockEnd.get(block));
  }

  /**
   * The fields written directly in a block, with their places; with `only`, just the fields of
   * those names (the language server's index of a 20,000-layer net needs four names of each layer,
   * and positions cost two searches each).
   */
  fieldsOf(block: number, only?: ReadonlySet<string>): FieldPlace[] {
    const out: FieldPlace[] = [];
    const end = this.blockEnd.get(block);
    for (let i = this.blockFirstField.get(block); i < this.fieldOwner.length && this.fieldStart.get(i) < end; i++) {
      if (this.fieldOwner.get(i) !== block) continue;
      const start = this.fieldStart.get(i);
      const fieldEnd = this.fieldEnd.get(i);
      const name = this.nameAt(start);
      if (only && !only.has(name)) continue;
      out.push({ name, range: this.lines.range(start, fieldEnd), value: this.lines.range(this.valueStartAt(start), fieldEnd) });
    }
    return out;
  }

  /** The places of a message's fields by name (several for a repeated field), if it was read from this text. */
  placesOf(message: ProtoMessage, only?: ReadonlySet<string>): Map<string, FieldPlace[]> | undefined {
    const block = this.blockOf(message);
    if (block === undefined) return undefined;
    const places = new Map<string, FieldPlace[]>();
    for (const place of this.fieldsOf(block, only)) {
      const list = places.get(place.name);
      if (list) list.push(place);
      else places.set(place.name, [place]);
    }
    return places;
  }

  /**
   * Where the value of the field whose name starts at `offset` starts: past the name, the spaces
   * and comments after it, and its ':' with the spaces and comments after that, as the reader
   * skipped them (a field whose value did not read has no place to ask about).
   */
  private valueStartAt(offset: number): number {
    const text = this.text;
    let p = offset;
    if (text.charCodeAt(p) === 91) p = text.indexOf(']', p) + 1;
    else while (p < text.length && isNamePart(text.charCodeAt(p))) p++;
    p = this.skipSpace(p);
    if (text.charCodeAt(p) === 58) p = this.skipSpace(p + 1);
    return p;
  }

  /** Past spaces and `#` comments from `p`, as the lexer skips them. */
  private skipSpace(p: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === 32 || (c >= 9 && c <= 13)) p++;
      else if (c === 35) {
        while (p < text.length && text.charCodeAt(p) !== 10 && text.charCodeAt(p) !== 13) p++;
      } else return p;
    }
  }

  private nameAt(offset: number): string {
    const text = this.text;
    if (text.charCodeAt(offset) === 91) {
      const m = /^\[[^\]]*\]/.exec(text.slice(offset, offset + 256));
      return m ? m[0].replace(/\s+/g, '') : '';
    }
    // A plain name, read by char codes: this runs for every field of every layer of a big net.
    let end = offset;
    for (; end < text.length && end - offset < 256; end++) {
      const c = text.charCodeAt(end);
      const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
      if (!letter && !(end > offset && c >= 48 && c <= 57)) break;
    }
    return text.slice(offset, end);
  }
}

function isNamePart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}
