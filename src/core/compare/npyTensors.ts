// Golden tensors in numpy's files: one .npy (the framework dump's `{op}.{index}.{timestamp}.npy`),
// or every array of an .npz (TPU-MLIR writes its reference and target tensors so; a zip whose
// entries are .npy files, stored or deflated). Only headers are read up front; values stream.

import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { atByte, ModelFormatError, wholeFile } from '../errors';
import { NpyError, readNpyHeader, type NpyHeader } from '../cut/npy';
import { withOpenFile, type FileAccess, type OpenFile } from '../io/fileAccess';
import { t } from '../l10n';
import { readDirectory, zipEntryDataOffset, type ZipEntry } from '../formats/torchscript/zipEntries';
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

/** The arrays of an .npz, in the archive's order. */
export async function npzTensors(fs: FileAccess, file: string): Promise<NpzEntry[]> {
  return withOpenFile(fs, file, async (open) => {
    const entries = await readDirectory(open);
    if (!entries) throw new ModelFormatError(file, wholeFile, t('not a zip archive (.npz): no readable central directory'));
    const out: NpzEntry[] = [];
    for (const entry of entries) {
      if (!entry.name.endsWith('.npy')) continue;
      const dataStart = await zipEntryDataOffset(open, entry);
      if (dataStart === undefined) throw new ModelFormatError(file, atByte(entry.localHeaderOffset), t('the zip entry {0} has no local header', entry.name));
      const name = entry.name.slice(0, -'.npy'.length);
      if (entry.method === 0) {
        const header = await headerAt(open, file, dataStart);
        out.push({ name, tensor: storedTensor(fs, file, dataStart + header.dataStart, header.descr, header.shape) });
      } else if (entry.method === 8) {
        out.push({ name, tensor: await deflatedTensor(fs, file, entry, dataStart) });
      } else throw new ModelFormatError(file, atByte(entry.localHeaderOffset), t('the zip entry {0} uses compression method {1} (only stored and deflated are read)', entry.name, entry.method));
    }
    return out;
  });
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
