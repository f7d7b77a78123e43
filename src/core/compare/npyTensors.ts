// Golden tensors in numpy's files: one .npy (the framework dump's `{op}.{index}.{timestamp}.npy`),
// or every array of an .npz (TPU-MLIR writes its reference and target tensors so; a zip whose
// entries are .npy files, stored or deflated). Only headers are read up front; values stream.

import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { atByte, ModelFormatError } from '../errors';
import { NpyError, readNpyHeader, type NpyHeader } from '../cut/npy';
import { withOpenFile, type FileAccess, type OpenFile } from '../io/fileAccess';
import { t } from '../l10n';
import { dtypeName, elementCount, fileBytes, storedTensor, valuesOf, type TensorSource } from './tensorSource';

/** Enough for any header numpy writes (it pads to 64 bytes; a big shape tuple stays far below). */
const NPY_HEADER_BYTES = 64 * 1024;

export async function npyTensor(fs: FileAccess, file: string): Promise<TensorSource> {
  const header = await withOpenFile(fs, file, (open) => headerAt(open, file, 0));
  return storedTensor(fs, file, header.dataStart, header.descr, header.shape);
}

async function headerAt(open: OpenFile, file: string, offset: number): Promise<NpyHeader> {
  return parseHeader(await open.read(offset, NPY_HEADER_BYTES), file, offset);
}

function parseHeader(bytes: Uint8Array, file: string, offset: number): NpyHeader {
  try {
    const header = readNpyHeader(bytes);
    if (header.fortranOrder) throw new NpyError('Fortran-ordered arrays are not compared');
    return header;
  } catch (e) {
    if (e instanceof NpyError) throw new ModelFormatError(file, atByte(offset), e.message);
    throw e;
  }
}

export interface NpzEntry {
  /** The array's name: the entry's name without `.npy`. */
  name: string;
  tensor: TensorSource;
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The arrays of an .npz, in the archive's order. */
export async function npzTensors(fs: FileAccess, file: string): Promise<NpzEntry[]> {
  return withOpenFile(fs, file, async (open) => {
    const entries = await zipEntries(open, file);
    const out: NpzEntry[] = [];
    for (const entry of entries) {
      if (!entry.name.endsWith('.npy')) continue;
      const local = await open.read(entry.localOffset, 30);
      const view = new DataView(local.buffer, local.byteOffset, local.byteLength);
      if (local.length < 30 || view.getUint32(0, true) !== LOCAL) throw new ModelFormatError(file, atByte(entry.localOffset), t('the zip entry {0} has no local header', entry.name));
      const dataStart = entry.localOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
      const name = entry.name.slice(0, -'.npy'.length);
      if (entry.method === 0) {
        const header = await headerAt(open, file, dataStart);
        out.push({ name, tensor: storedTensor(fs, file, dataStart + header.dataStart, header.descr, header.shape) });
      } else if (entry.method === 8) {
        out.push({ name, tensor: await deflatedTensor(fs, file, entry, dataStart) });
      } else throw new ModelFormatError(file, atByte(entry.localOffset), t('the zip entry {0} uses compression method {1} (only stored and deflated are read)', entry.name, entry.method));
    }
    return out;
  });
}

async function zipEntries(open: OpenFile, file: string): Promise<ZipEntry[]> {
  const tailLength = Math.min(open.size, 65536 + 22);
  const tail = await open.read(open.size - tailLength, tailLength);
  const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ModelFormatError(file, atByte(open.size), t('not a zip archive (.npz): no end of central directory'));
  const count = tv.getUint16(end + 10, true);
  const dirSize = tv.getUint32(end + 12, true);
  const dirOffset = tv.getUint32(end + 16, true);
  if (dirOffset + dirSize > open.size) throw new ModelFormatError(file, atByte(open.size - tailLength + end + 16), t('the zip central directory runs past the end of the file: it is cut short'));
  const dir = await open.read(dirOffset, dirSize);
  const dv = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > dir.length || dv.getUint32(at, true) !== CENTRAL) throw new ModelFormatError(file, atByte(dirOffset + at), t('a zip central directory entry is damaged'));
    const nameLength = dv.getUint16(at + 28, true);
    const extraLength = dv.getUint16(at + 30, true);
    const commentLength = dv.getUint16(at + 32, true);
    const entry: ZipEntry = {
      name: new TextDecoder().decode(dir.subarray(at + 46, at + 46 + nameLength)),
      method: dv.getUint16(at + 10, true),
      compressedSize: dv.getUint32(at + 20, true),
      size: dv.getUint32(at + 24, true),
      localOffset: dv.getUint32(at + 42, true),
    };
    readZip64Extra(dir.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** numpy writes big arrays with zip64: the 0xFFFFFFFF fields are then in the extra field 0x0001, in this order. */
function readZip64Extra(extra: Uint8Array, entry: ZipEntry): void {
  const view = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = view.getUint16(at, true);
    const length = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      let p = at + 4;
      const next = (): number => {
        const v = p + 8 <= at + 4 + length ? Number(view.getBigUint64(p, true)) : -1;
        p += 8;
        return v;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localOffset === 0xffffffff) entry.localOffset = next();
    }
    at += 4 + length;
  }
}

/** A deflated entry: the header is inflated once to learn the shape; the values inflate as they stream. */
async function deflatedTensor(fs: FileAccess, file: string, entry: ZipEntry, dataStart: number): Promise<TensorSource> {
  const inflated = (): AsyncIterable<Uint8Array> => inflating(fileBytes(fs, file, dataStart, entry.compressedSize), file, dataStart);
  let head = new Uint8Array(0);
  for await (const piece of inflated()) {
    const joined = new Uint8Array(head.length + piece.length);
    joined.set(head);
    joined.set(piece, head.length);
    head = joined;
    if (head.length >= NPY_HEADER_BYTES || head.length >= entry.size) break;
  }
  const header = parseHeader(head, file, dataStart);
  const count = elementCount(header.shape);
  return {
    file,
    shape: header.shape,
    dtype: dtypeName(header.descr),
    count,
    chunks: () => valuesOf(skip(inflated(), header.dataStart), header.descr, count, file, dataStart),
  };
}

/** Deflated bytes inflated as they come; damage is the file's fault, told with the entry's place. */
async function* inflating(bytes: AsyncIterable<Uint8Array>, file: string, dataStart: number): AsyncGenerator<Uint8Array> {
  try {
    for await (const piece of Readable.from(bytes).pipe(createInflateRaw())) yield piece as Uint8Array;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('Z_')) throw new ModelFormatError(file, atByte(dataStart), t('a deflated .npz entry is damaged ({0})', code));
    throw e;
  }
}

async function* skip(bytes: AsyncIterable<Uint8Array>, n: number): AsyncGenerator<Uint8Array> {
  let left = n;
  for await (const piece of bytes) {
    if (left >= piece.length) {
      left -= piece.length;
      continue;
    }
    yield piece.subarray(left);
    left = 0;
  }
}
