// The WeightStore over an indexed caffemodel: blob values are read from the file only when asked
// for, as raw little-endian float32 (or float64) bytes.

import { atByte, ModelFormatError } from '../../errors';
import { t } from '../../l10n';
import { withByteSource } from '../../io/byteSource';
import { rangeChunks } from '../../io/rangeChunks';
import type { WeightEntry, WeightStore } from '../../model';
import type { BlobRecord, CaffemodelIndex } from './caffemodelIndex';
import { readVarint, varintNumber, WIRE_FIXED32, WIRE_FIXED64, WIRE_LENGTH } from '../protoWire';

export class CaffemodelWeights implements WeightStore {
  readonly files: string[];
  // Built on first use: `info` and the graph never ask, and a caffemodel of 100,000 layers would
  // make 100,000 entries and two maps of them for nothing.
  private table: { entries: WeightEntry[]; byKey: Map<string, WeightEntry>; blobs: Map<string, BlobRecord> } | undefined;

  constructor(private readonly index: CaffemodelIndex) {
    this.files = [index.file];
  }

  get entries(): readonly WeightEntry[] {
    return this.lookup().entries;
  }

  get(key: string): WeightEntry | undefined {
    return this.lookup().byKey.get(key);
  }

  blob(key: string): BlobRecord | undefined {
    return this.lookup().blobs.get(key);
  }

  private lookup(): NonNullable<CaffemodelWeights['table']> {
    if (this.table) return this.table;
    const table = { entries: [] as WeightEntry[], byKey: new Map<string, WeightEntry>(), blobs: new Map<string, BlobRecord>() };
    const { index } = this;
    for (const layer of index.layers) {
      for (const blob of layer.blobs) {
        // For unpacked values `offset` is where the BlobProto starts; read() gathers them from there.
        const entry: WeightEntry = { key: blob.key, dtype: blob.dtype, shape: blob.shape, file: index.file, offset: blob.offset, byteLength: blob.byteLength };
        table.entries.push(entry);
        table.byKey.set(blob.key, entry);
        table.blobs.set(blob.key, blob);
      }
    }
    this.table = table;
    return table;
  }

  async read(key: string): Promise<Uint8Array> {
    const blob = this.blob(key);
    if (!blob) throw new Error(`no weight ${key} in ${this.index.file}`);
    if (blob.layout === 'empty') return new Uint8Array(0);
    return withByteSource(this.index.fs, this.index.file, async (source) => {
      if (blob.layout === 'packed') {
        const bytes = await source.read(blob.offset, blob.byteLength);
        if (bytes.length !== blob.byteLength) throw new ModelFormatError(this.index.file, atByte(blob.offset), t('{0}: file ends inside the blob data (changed since it was opened?)', key));
        return bytes;
      }
      const message = await source.read(blob.start, blob.end - blob.start);
      return gatherUnpacked(message, blob, this.index.file);
    });
  }

  /** Packed values are one run of bytes and stream; values written one by one are gathered whole. */
  async *readChunks(key: string, chunkBytes: number): AsyncIterable<Uint8Array> {
    const blob = this.blob(key);
    if (blob?.layout === 'packed') yield* rangeChunks(this.index.fs, this.index.file, blob.offset, blob.byteLength, chunkBytes);
    else yield await this.read(key);
  }
}

/** Collects the values of a blob written one tagged value at a time (or in several packed runs). */
function gatherUnpacked(message: Uint8Array, blob: BlobRecord, file: string): Uint8Array {
  const field = blob.dtype === 'float64' ? 8 : 5;
  const size = blob.dtype === 'float64' ? 8 : 4;
  const out = new Uint8Array(blob.byteLength);
  let written = 0;
  const fail = (pos: number) => {
    throw new ModelFormatError(file, atByte(blob.start + pos), t('{0}: blob changed since it was indexed', blob.key));
  };
  for (let pos = 0; pos < message.length; ) {
    const tag = readVarint(message, pos, message.length) ?? fail(pos);
    const id = tag.lo >>> 3;
    const wire = tag.lo & 7;
    pos = tag.next;
    let start = pos;
    let end: number;
    if (wire === WIRE_LENGTH) {
      const len = readVarint(message, pos, message.length) ?? fail(pos);
      start = len.next;
      end = start + varintNumber(len);
    } else if (wire === WIRE_FIXED32) end = pos + 4;
    else if (wire === WIRE_FIXED64) end = pos + 8;
    else end = (readVarint(message, pos, message.length) ?? fail(pos)).next;
    if (end > message.length) fail(pos);
    if (id === field && (wire === WIRE_LENGTH || end - start === size)) {
      if (written + (end - start) > out.length) fail(pos);
      out.set(message.subarray(start, end), written);
      written += end - start;
    }
    pos = end;
  }
  return out;
}
