// Indexes a binary caffemodel (a NetParameter) without loading it: walks the wire format with
// positioned reads, decodes each layer's settings, and for every blob records its shape, dtype and
// where its raw values lie, skipping the values themselves. Memory stays flat for any file size,
// and every length is checked against the file before anything is read or allocated.

import { atByte, ModelFormatError } from '../../errors';
import { UniqueNames } from '../../uniqueNames';
import { NetParameterType } from './schema';
import { ByteSource } from '../../io/byteSource';
import type { FileAccess } from '../../io/fileAccess';
import { nodeFileAccess } from '../../io/nodeFileAccess';
import { t } from '../../l10n';
import type { ModelWarning } from '../../model';
import type { ProtoMessage } from './protoMessage';
import { decodeSettings, type Segment } from './binarySettings';
import { readVarint, varintNumber, WIRE_FIXED32, WIRE_FIXED64, WIRE_LENGTH, WIRE_VARINT } from '../protoWire';
import { layerTypeOf } from './v1LayerTypes';

/** Settings of one layer bigger than this are not settings: the file is damaged. */
const MAX_SETTINGS_BYTES = 64 * 1024 * 1024;
const WINDOW = 64 * 1024;
/** NetParameter's own field numbers, other than the layers (2, 100) handled apart. */
const NET_FIELD_IDS: ReadonlySet<number> = new Set(netParameterFieldIds());

export interface BlobRecord {
  /** `layer/blobs[i]`, with the layer name made unique (`name#1`) when names repeat. */
  key: string;
  index: number;
  shape: number[];
  dtype: 'float32' | 'float64';
  /** Number of values stored. */
  count: number;
  /**
   * `packed`: the values are the `byteLength` bytes at `offset`. `unpacked`: one tagged value
   * each, somewhere in the BlobProto at [start, end). `empty`: the blob holds no values.
   */
  layout: 'packed' | 'unpacked' | 'empty';
  offset: number;
  byteLength: number;
  start: number;
  end: number;
}

export interface LayerRecord {
  /** 2 for `layer` (field 100), 1 for V1 `layers` (field 2). */
  version: 1 | 2;
  /** Unique name (`name#k` for repeats), the layer's own name, and its type in V2 spelling. */
  key: string;
  name: string;
  type: string;
  /** The layer's fields other than blobs, decoded. */
  message: ProtoMessage;
  blobs: BlobRecord[];
  /** The whole field (tag, length, payload) in the file. */
  start: number;
  end: number;
}

export interface CaffemodelIndex {
  /** Where the file was read from, so its blobs can be read again later. */
  fs: FileAccess;
  file: string;
  size: number;
  /** NetParameter fields other than the layers. */
  net: ProtoMessage;
  layers: LayerRecord[];
  /** Every top-level field in file order, as byte ranges; `layer` is an index into `layers`. */
  records: { start: number; end: number; layer?: number }[];
  warnings: ModelWarning[];
}

/** A moving window over the file: small reads for headers, big skips over data. */
class Window {
  bytes: Uint8Array = new Uint8Array(0);
  start = 0;

  constructor(readonly source: ByteSource) {}

  get end(): number {
    return this.start + this.bytes.length;
  }

  /** Makes [pos, pos + length) (clipped to the file) available in `bytes`. */
  async ensure(pos: number, length: number): Promise<void> {
    const want = Math.min(pos + length, this.source.size);
    if (pos >= this.start && want <= this.end) return;
    this.bytes = await this.source.read(pos, Math.max(length, WINDOW));
    this.start = pos;
  }

  async slice(start: number, end: number): Promise<Uint8Array> {
    if (start >= this.start && end <= this.end) return this.bytes.subarray(start - this.start, end - this.start);
    return this.source.read(start, end - start);
  }
}

/** One field's bytes (tag included) and its field number, for decoding settings together. */
interface FieldSegment extends Segment {
  id: number;
}

interface FieldHeader {
  id: number;
  wire: number;
  /** Payload range (for varints: the varint itself). */
  payloadStart: number;
  end: number;
}

export async function indexCaffemodel(file: string, fs: FileAccess = nodeFileAccess): Promise<CaffemodelIndex> {
  const source = new ByteSource(await fs.open(file));
  try {
    return await new Indexer(fs, file, source).run();
  } finally {
    await source.close();
  }
}

class Indexer {
  private readonly window: Window;
  private readonly warnings: ModelWarning[] = [];
  private readonly usedKeys = new UniqueNames();

  constructor(
    private readonly fs: FileAccess,
    private readonly file: string,
    private readonly source: ByteSource,
  ) {
    this.window = new Window(source);
  }

  private fail(offset: number, detail: string): never {
    throw new ModelFormatError(this.file, atByte(offset), detail);
  }

  /** Reads the field header at `pos`, checking that the field ends by `limit`. */
  private async header(pos: number, limit: number, where: string): Promise<FieldHeader> {
    // Most headers lie in the window already: read them without a round trip through the event loop.
    if (!this.inWindow(pos)) await this.window.ensure(pos, 20);
    return this.headerInWindow(pos, limit, where);
  }

  private inWindow(pos: number): boolean {
    const w = this.window;
    return pos >= w.start && Math.min(pos + 20, this.source.size) <= w.end;
  }

  private headerInWindow(pos: number, limit: number, where: string): FieldHeader {
    const w = this.window;
    const bufLimit = Math.min(w.end, limit) - w.start;
    const tag = readVarint(w.bytes, pos - w.start, bufLimit);
    if (!tag) this.fail(pos, t('truncated field tag in {0}', where));
    const id = tag.lo >>> 3;
    const wire = tag.lo & 7;
    if (id === 0 || tag.hi !== 0) this.fail(pos, t('invalid field number in {0} (not a caffemodel, or damaged)', where));
    let p = tag.next + w.start;
    let payloadStart = p;
    let end: number;
    if (wire === WIRE_VARINT) {
      const v = readVarint(w.bytes, p - w.start, bufLimit);
      if (!v) this.fail(p, t('truncated varint (field {0}) in {1}', id, where));
      end = v.next + w.start;
    } else if (wire === WIRE_FIXED64) end = p + 8;
    else if (wire === WIRE_FIXED32) end = p + 4;
    else if (wire === WIRE_LENGTH) {
      const len = readVarint(w.bytes, p - w.start, bufLimit);
      if (!len) this.fail(p, t('truncated length (field {0}) in {1}', id, where));
      payloadStart = len.next + w.start;
      end = payloadStart + varintNumber(len);
      p = payloadStart;
    } else this.fail(pos, t('unsupported wire type {0} (field {1}) in {2}', wire, id, where));
    if (end > limit) {
      this.fail(
        pos,
        limit === this.source.size
          ? t('field {0} of {1} needs {2} bytes but runs past the end of the file (truncated file?)', id, where, end - p)
          : t('field {0} of {1} needs {2} bytes but runs past the end of its {1} (truncated file?)', id, where, end - p),
      );
    }
    return { id, wire, payloadStart, end };
  }

  async run(): Promise<CaffemodelIndex> {
    const size = this.source.size;
    if (size === 0) this.fail(0, t('empty file'));
    const layers: LayerRecord[] = [];
    const records: CaffemodelIndex['records'] = [];
    const netFields: FieldSegment[] = [];
    // Net-level fields come as runs between layers: each run is one record and one segment, not
    // one object per field (a crafted file repeats `input` ten million times).
    let runStart = -1;
    let runEnd = -1;
    let netBytes = 0;
    const closeRun = async () => {
      if (runStart < 0) return;
      records.push({ start: runStart, end: runEnd });
      netFields.push({ id: 0, bytes: await this.window.slice(runStart, runEnd), fileOffset: runStart });
      runStart = -1;
    };
    const unknownNetFields = new Set<number>();
    for (let pos = 0; pos < size; ) {
      const h = this.inWindow(pos) ? this.headerInWindow(pos, size, 'caffe.NetParameter') : await this.header(pos, size, 'caffe.NetParameter');
      if ((h.id === 100 || h.id === 2) && h.wire === WIRE_LENGTH) {
        await closeRun();
        records.push({ start: pos, end: h.end, layer: layers.length });
        layers.push(await this.layer(h, pos, h.id === 100 ? 2 : 1));
      } else if (!NET_FIELD_IDS.has(h.id)) {
        // A field the schema does not know is skipped by its length, never read: it may be huge.
        await closeRun();
        records.push({ start: pos, end: h.end });
        if (!unknownNetFields.has(h.id)) {
          unknownNetFields.add(h.id);
          this.warn(pos, 'caffe.unknown-field', t('{0} has no field {1}; skipped', 'caffe.NetParameter', h.id));
        }
      } else {
        netBytes += h.end - pos;
        if (netBytes > MAX_SETTINGS_BYTES) this.fail(pos, t('net-level settings exceed {0} bytes: not a caffemodel, or damaged', MAX_SETTINGS_BYTES));
        if (runStart < 0) runStart = pos;
        runEnd = h.end;
        // A long run is read in pieces, so no single segment outgrows the read window.
        if (runEnd - runStart >= WINDOW) await closeRun();
      }
      pos = h.end;
    }
    await closeRun();
    const net = this.decode('NetParameter', netFields);
    return { fs: this.fs, file: this.file, size, net, layers, records, warnings: this.warnings };
  }

  /** Decodes settings fields with protobufjs, warning once per field number the schema lacks. */
  private decode(typeName: string, fields: FieldSegment[]): ProtoMessage {
    const { message, unknownFields } = decodeSettings(this.file, typeName, fields);
    for (const id of new Set(unknownFields)) {
      const at = fields.find((f) => f.id === id)?.fileOffset ?? fields[0]?.fileOffset ?? 0;
      this.warn(at, 'caffe.unknown-field', t('{0} has no field {1}; skipped', `caffe.${typeName}`, id));
    }
    return message;
  }

  private warn(offset: number, code: string, message: string): void {
    this.warnings.push({ file: this.file, place: atByte(offset), code, message });
  }

  private async layer(h: FieldHeader, start: number, version: 1 | 2): Promise<LayerRecord> {
    const typeName = version === 2 ? 'LayerParameter' : 'V1LayerParameter';
    const blobField = version === 2 ? 7 : 6;
    const where = `caffe.${typeName}`;
    const blobRanges: FieldHeader[] = [];
    const settings: FieldSegment[] = [];
    for (let pos = h.payloadStart; pos < h.end; ) {
      const f = await this.header(pos, h.end, where);
      if (f.id === blobField && f.wire === WIRE_LENGTH) blobRanges.push(f);
      else {
        if (f.end - pos > MAX_SETTINGS_BYTES) this.fail(pos, t('field {0} of {1} is {2} bytes, too big to be a setting', f.id, where, f.end - pos));
        settings.push({ id: f.id, bytes: await this.window.slice(pos, f.end), fileOffset: pos });
      }
      pos = f.end;
    }
    // The fields around the blobs make the layer's settings: decoded together, as one message.
    const message = this.decode(typeName, settings);
    const name = typeof message.name === 'string' ? message.name : '';
    const rawType = message.type;
    const layerType = layerTypeOf(rawType, version);
    const key = this.uniqueKey(name || `layer${start}`);
    const blobs: BlobRecord[] = [];
    for (const b of blobRanges) blobs.push(await this.blob(b, key, blobs.length));
    return { version, key, name, type: layerType, message, blobs, start, end: h.end };
  }

  private uniqueKey(wanted: string): string {
    return this.usedKeys.take(wanted);
  }

  private async blob(h: FieldHeader, layerKey: string, index: number): Promise<BlobRecord> {
    const where = 'caffe.BlobProto';
    let shape: number[] | undefined;
    const legacy: (number | undefined)[] = [undefined, undefined, undefined, undefined];
    let float: { layout: 'packed' | 'unpacked'; offset: number; byteLength: number; count: number } | undefined;
    let double: typeof float;
    for (let pos = h.payloadStart; pos < h.end; ) {
      const f = await this.header(pos, h.end, where);
      if (f.id === 7 && f.wire === WIRE_LENGTH) {
        if (f.end - pos > MAX_SETTINGS_BYTES) this.fail(pos, t('blob shape too big'));
        const msg = this.decode('BlobShape', [{ id: 0, bytes: await this.window.slice(f.payloadStart, f.end), fileOffset: f.payloadStart }]);
        shape = (Array.isArray(msg.dim) ? msg.dim : []) as number[];
      } else if (f.id >= 1 && f.id <= 4 && f.wire === WIRE_VARINT) {
        const v = readVarint(await this.window.slice(f.payloadStart, f.end), 0, f.end - f.payloadStart)!;
        legacy[f.id - 1] = v.lo | 0;
      } else if (f.id === 5 || f.id === 8) {
        const size = f.id === 5 ? 4 : 8;
        const unpackedWire = f.id === 5 ? WIRE_FIXED32 : WIRE_FIXED64;
        const current = f.id === 5 ? float : double;
        if (f.wire === WIRE_LENGTH) {
          const length = f.end - f.payloadStart;
          if (length % size !== 0) this.fail(pos, t('blob data of {0} bytes is not a whole number of {1}-byte values', length, size));
          if (current) current.layout = 'unpacked';
          const record = current ?? { layout: 'packed' as const, offset: f.payloadStart, byteLength: length, count: 0 };
          record.count += length / size;
          if (f.id === 5) float = record;
          else double = record;
        } else if (f.wire === unpackedWire) {
          const record = current ?? { layout: 'unpacked' as const, offset: pos, byteLength: 0, count: 0 };
          record.layout = 'unpacked';
          record.count++;
          if (f.id === 5) float = record;
          else double = record;
        } else this.fail(pos, t('blob {0} has wire type {1}', f.id === 5 ? 'data' : 'double_data', f.wire));
      } else if (f.wire === 3 || f.wire === 4) this.fail(pos, t('unsupported wire type {0} in {1}', f.wire, where));
      pos = f.end;
    }
    const data = double && double.count > 0 ? double : float;
    const dtype = data === double && double ? 'float64' : 'float32';
    const count = data?.count ?? 0;
    if (!shape) shape = legacy.some((d) => d !== undefined) ? legacy.map((d) => d ?? 0) : [count];
    const expected = shape.reduce((a, b) => a * b, 1);
    if (data && expected !== count) {
      this.warn(h.payloadStart, 'caffe.blob-size', t('{0} has shape [{1}] ({2} values) but holds {3}', `${layerKey}/blobs[${index}]`, shape.join(', '), expected, count));
    }
    const elementSize = dtype === 'float64' ? 8 : 4;
    return {
      key: `${layerKey}/blobs[${index}]`,
      index,
      shape,
      dtype,
      count,
      layout: !data ? 'empty' : data.layout,
      offset: data?.layout === 'packed' ? data.offset : h.payloadStart,
      byteLength: count * elementSize,
      start: h.payloadStart,
      end: h.end,
    };
  }
}

function netParameterFieldIds(): number[] {
  return [...NetParameterType.byId.values()].filter((f) => !f.textOnly && f.id !== 2 && f.id !== 100).map((f) => f.id);
}
