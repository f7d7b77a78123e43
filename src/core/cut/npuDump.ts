// Ascend NPU dump files (../shared/toolchains.md §7.5), read far enough to take out one tensor:
// version 2 is a little-endian uint64 header length, a `toolkit.dump.DumpData` protobuf whose
// tensor entries carry only their size, then the raw bytes of all inputs, all outputs, all
// buffers and all workspaces in that order; version 1 is a bare DumpData with the bytes inline.
// The protobuf is walked by hand (a handful of fields), so no schema has to be shipped for it.

import { readVarint, varintNumber, WIRE_FIXED32, WIRE_FIXED64, WIRE_LENGTH, WIRE_VARINT } from '../formats/protoWire';
import { atByte, ModelFormatError } from '../errors';
import { withOpenFile, type FileAccess } from '../io/fileAccess';
import { t } from '../l10n';

/** DumpData's OutputDataType values we turn into numbers, as numpy descrs. */
const DTYPE_DESCR: Record<number, string> = { 1: '<f4', 2: '<f2', 3: '|i1', 4: '|u1', 5: '<i2', 6: '<u2', 7: '<i4', 8: '<i8', 9: '<u4', 10: '<u8', 11: '|b1', 12: '<f8' };
/** DumpData's OutputFormat values the conversion knows. */
export const FORMAT_NCHW = 0;
export const FORMAT_NHWC = 1;
export const FORMAT_ND = 2;
export const FORMAT_NC1HWC0 = 3;
/** A header longer than this is not a dump header (a version 1 file, or damage). */
const MAX_HEADER_BYTES = 64 * 1024 * 1024;

export interface NpuDumpTensor {
  dataType: number;
  format: number;
  shape: number[];
  /** The byte count the header gives. */
  size: number;
  /** Where its bytes start in the file (version 2), or the bytes themselves (version 1). */
  offset?: number;
  inline?: Uint8Array;
}

export interface NpuDump {
  opName: string;
  inputs: NpuDumpTensor[];
  outputs: NpuDumpTensor[];
}

/** numpy's descr for a dump data type, or undefined for types not turned into numbers (bf16, strings). */
export function npuDtypeDescr(dataType: number): string | undefined {
  return DTYPE_DESCR[dataType];
}

class WireError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** The tensors of an NPU dump file; a ModelFormatError naming the file when it is not one or is cut short. */
export async function readNpuDump(fs: FileAccess, file: string, maxInlineBytes: number): Promise<NpuDump> {
  return withOpenFile(fs, file, async (open) => {
    const size = open.size;
    const first = size >= 8 ? await open.read(0, 8) : new Uint8Array(0);
    const view = new DataView(first.buffer, first.byteOffset, first.byteLength);
    const high = first.length === 8 ? view.getUint32(4, true) : -1;
    const headerLength = first.length === 8 ? view.getUint32(0, true) : -1;
    let v2Error: ModelFormatError | undefined;
    if (high === 0 && headerLength > 0 && headerLength <= MAX_HEADER_BYTES) {
      if (8 + headerLength > size) {
        v2Error = new ModelFormatError(file, atByte(size), t('the dump header ({0} bytes) runs past the end of the file: it is cut short', headerLength));
      } else {
        try {
          const dump = parseDumpData(await open.read(8, headerLength), 8, false);
          let at = 8 + headerLength;
          const all = [...dump.inputs, ...dump.outputs];
          for (const tensor of all) {
            tensor.offset = at;
            at += tensor.size;
          }
          at += dump.extraBytes;
          if (at > size) return fail(file, size, t('the dump\'s tensors take {0} bytes after the header but the file ends after {1}: it is cut short', at - 8 - headerLength, size - 8 - headerLength));
          return { opName: dump.opName, inputs: dump.inputs, outputs: dump.outputs };
        } catch (e) {
          if (!(e instanceof WireError)) throw e;
          v2Error = new ModelFormatError(file, atByte(e.offset), t('not an NPU dump file: {0}', e.message));
        }
      }
    }
    if (v2Error) throw v2Error;
    // Version 1: the whole file is the message, data inline.
    if (size > maxInlineBytes) return fail(file, 0, t('not an NPU dump file: no dump header'));
    try {
      const dump = parseDumpData(await open.read(0, size), 0, true);
      if (size === 0 || (dump.inputs.length === 0 && dump.outputs.length === 0)) return fail(file, 0, t('not an NPU dump file: no dump header'));
      return { opName: dump.opName, inputs: dump.inputs, outputs: dump.outputs };
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      return fail(file, e.offset, t('not an NPU dump file: {0}', e.message));
    }
  });
}

function fail(file: string, offset: number, detail: string): never {
  throw new ModelFormatError(file, atByte(offset), detail);
}

interface Field {
  number: number;
  wire: number;
  /** Varint value, or the start and end of a length-delimited payload. */
  value: number;
  start: number;
  end: number;
}

/** The fields of one message in bytes[start, end); `base` is the file offset of bytes[0], for messages. */
function* fields(bytes: Uint8Array, start: number, end: number, base: number): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const tag = readVarint(bytes, pos, end);
    if (!tag) throw new WireError(base + pos, t('a field tag runs past the end of its message'));
    const key = varintNumber(tag);
    const number = Math.floor(key / 8);
    const wire = key % 8;
    pos = tag.next;
    if (number === 0) throw new WireError(base + pos, t('a field has number 0'));
    if (wire === WIRE_VARINT) {
      const v = readVarint(bytes, pos, end);
      if (!v) throw new WireError(base + pos, t('a number runs past the end of its message'));
      yield { number, wire, value: varintNumber(v), start: pos, end: v.next };
      pos = v.next;
    } else if (wire === WIRE_LENGTH) {
      const v = readVarint(bytes, pos, end);
      const length = v ? varintNumber(v) : Infinity;
      if (!v || v.next + length > end) throw new WireError(base + pos, t('a field\'s length runs past the end of its message'));
      yield { number, wire, value: length, start: v.next, end: v.next + length };
      pos = v.next + length;
    } else if (wire === WIRE_FIXED64 || wire === WIRE_FIXED32) {
      pos += wire === WIRE_FIXED64 ? 8 : 4;
      if (pos > end) throw new WireError(base + end, t('a field runs past the end of its message'));
    } else throw new WireError(base + pos, t('unknown wire type {0}', wire));
  }
}

interface ParsedDump {
  opName: string;
  inputs: NpuDumpTensor[];
  outputs: NpuDumpTensor[];
  /** Bytes of buffers and workspaces after the outputs (version 2). */
  extraBytes: number;
}

function parseDumpData(bytes: Uint8Array, base: number, inline: boolean): ParsedDump {
  const out: ParsedDump = { opName: '', inputs: [], outputs: [], extraBytes: 0 };
  for (const f of fields(bytes, 0, bytes.length, base)) {
    if (f.wire !== WIRE_LENGTH) continue;
    if (f.number === 6) out.opName = new TextDecoder().decode(bytes.subarray(f.start, f.end));
    // OpOutput: data 5, size 6; OpInput: data 4, size 5. OpBuffer and Workspace: size 3.
    else if (f.number === 3) out.outputs.push(parseTensor(bytes, f, base, 5, 6, inline));
    else if (f.number === 4) out.inputs.push(parseTensor(bytes, f, base, 4, 5, inline));
    else if (f.number === 5 || f.number === 7) {
      for (const g of fields(bytes, f.start, f.end, base)) if (g.number === 3 && g.wire === WIRE_VARINT) out.extraBytes += g.value;
    }
  }
  return out;
}

function parseTensor(bytes: Uint8Array, message: Field, base: number, dataField: number, sizeField: number, inline: boolean): NpuDumpTensor {
  const tensor: NpuDumpTensor = { dataType: 0, format: FORMAT_ND, shape: [], size: 0 };
  for (const f of fields(bytes, message.start, message.end, base)) {
    if (f.number === 1 && f.wire === WIRE_VARINT) tensor.dataType = f.value;
    else if (f.number === 2 && f.wire === WIRE_VARINT) tensor.format = f.value;
    else if (f.number === 3 && f.wire === WIRE_LENGTH) tensor.shape = parseShape(bytes, f, base);
    else if (f.number === sizeField && f.wire === WIRE_VARINT) tensor.size = f.value;
    else if (f.number === dataField && f.wire === WIRE_LENGTH && inline) tensor.inline = bytes.subarray(f.start, f.end);
  }
  if (inline) tensor.size = tensor.inline?.length ?? 0;
  return tensor;
}

/** Shape { repeated uint64 dim = 1 }, packed or not. */
function parseShape(bytes: Uint8Array, message: Field, base: number): number[] {
  const dims: number[] = [];
  for (const f of fields(bytes, message.start, message.end, base)) {
    if (f.number !== 1) continue;
    if (f.wire === WIRE_VARINT) dims.push(f.value);
    else if (f.wire === WIRE_LENGTH) {
      for (let pos = f.start; pos < f.end; ) {
        const v = readVarint(bytes, pos, f.end);
        if (!v) throw new WireError(base + pos, t('a shape dimension runs past the end of its list'));
        dims.push(varintNumber(v));
        pos = v.next;
      }
    }
  }
  return dims;
}

/** Tensor `tensor`'s bytes (at most `maxBytes`, else undefined). */
export async function readNpuDumpTensor(fs: FileAccess, file: string, tensor: NpuDumpTensor, maxBytes: number): Promise<Uint8Array | undefined> {
  if (tensor.inline) return tensor.inline;
  if (tensor.size > maxBytes || tensor.offset === undefined) return undefined;
  const offset = tensor.offset;
  return withOpenFile(fs, file, (open) => open.read(offset, tensor.size));
}
