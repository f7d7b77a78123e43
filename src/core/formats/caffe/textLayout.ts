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

/** A growable Int32 list: positions cost 4 bytes each and nothing for the garbage collector to walk. */
export class IntList {
  data = new Int32Array(1024);
  length = 0;

  push(v: number): number {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = v;
    return this.length++;
  }

  get(i: number): number {
    return this.data[i];
  }

  set(i: number, v: number): void {
    this.data[i] = v;
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
  readonly fieldValueStart = new IntList();
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
  addField(owner: number, start: number, valueStart: number, end: number): number {
    this.fieldOwner.push(owner);
    this.fieldStart.push(start);
    this.fieldValueStart.push(valueStart);
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
      const [start, valueStart, fieldEnd] = [this.fieldStart.get(i), this.fieldValueStart.get(i), this.fieldEnd.get(i)];
      const name = this.nameAt(start);
      if (only && !only.has(name)) continue;
      out.push({ name, range: this.lines.range(start, fieldEnd), value: this.lines.range(valueStart, fieldEnd) });
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
