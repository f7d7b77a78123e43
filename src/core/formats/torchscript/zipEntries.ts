// The entries of a zip archive, read through FileAccess from its central directory (the end
// record, then one record per entry), and one entry's bytes on demand: a TorchScript `.pt` is a
// zip, and what bmnetp cannot take is written in a few small entries of it. PyTorch stores its
// entries uncompressed; a deflated one (an archive re-zipped by hand) is inflated with node:zlib.
// ZIP64 archives (over 4 GB, or 65,535 entries) are not read: their records say 0xFFFFFFFF; an
// entry's own ZIP64 sizes (numpy writes big .npz arrays so) are taken from its extra field.

import { inflateRawSync } from 'node:zlib';
import type { FileAccess, OpenFile } from '../../io/fileAccess';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; others are not read. */
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const END_RECORD = 0x06054b50;
const CENTRAL_RECORD = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** The end record (22 bytes) plus the longest comment it may carry. */
const END_SEARCH = 22 + 0xffff;
const ZIP64_MARK = 0xffffffff;

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** An opened archive: its entries, and a reader of one of them. */
export class ZipArchive {
  private constructor(
    private readonly file: OpenFile,
    readonly entries: ZipEntry[],
  ) {}

  /** The archive's entries, or undefined when the file is no (readable) zip. */
  static async open(fs: FileAccess, path: string): Promise<ZipArchive | undefined> {
    const file = await fs.open(path);
    try {
      const entries = await readDirectory(file);
      if (entries) return new ZipArchive(file, entries);
    } catch (e) {
      await file.close();
      throw e;
    }
    await file.close();
    return undefined;
  }

  /** One entry's bytes, or undefined when its method is neither stored nor deflated, or it is above `maxBytes`. */
  async read(entry: ZipEntry, maxBytes = 16 * 1024 * 1024): Promise<Uint8Array | undefined> {
    if (entry.size > maxBytes || entry.compressedSize > maxBytes || (entry.method !== 0 && entry.method !== 8)) return undefined;
    const dataAt = await zipEntryDataOffset(this.file, entry);
    if (dataAt === undefined) return undefined;
    const raw = await this.file.read(dataAt, entry.compressedSize);
    if (entry.method === 0) return raw;
    try {
      return new Uint8Array(inflateRawSync(raw, { maxOutputLength: maxBytes }));
    } catch {
      return undefined;
    }
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

/** Where an entry's (stored or compressed) bytes start, after its local header; undefined when that header is not there. */
export async function zipEntryDataOffset(file: OpenFile, entry: ZipEntry): Promise<number | undefined> {
  const header = await file.read(entry.localHeaderOffset, 30);
  if (header.length < 30 || u32(header, 0) !== LOCAL_HEADER) return undefined;
  return entry.localHeaderOffset + 30 + u16(header, 26) + u16(header, 28);
}

/** The entries of the archive `file`, from its central directory; undefined when it is no (readable) zip. */
export async function readDirectory(file: OpenFile): Promise<ZipEntry[] | undefined> {
  if (file.size < 22) return undefined;
  const tailAt = Math.max(0, file.size - END_SEARCH);
  const tail = await file.read(tailAt, file.size - tailAt);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === END_RECORD) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = u16(tail, end + 10);
  const dirSize = u32(tail, end + 12);
  const dirAt = u32(tail, end + 16);
  if (dirAt === ZIP64_MARK || dirSize === ZIP64_MARK || count === 0xffff || dirAt + dirSize > file.size) return undefined;
  const dir = await file.read(dirAt, dirSize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let k = 0; k < count; k++) {
    if (at + 46 > dir.length || u32(dir, at) !== CENTRAL_RECORD) return undefined;
    const nameLength = u16(dir, at + 28);
    const flags = u16(dir, at + 8);
    const nameBytes = dir.subarray(at + 46, at + 46 + nameLength);
    const extraLength = u16(dir, at + 30);
    const entry: ZipEntry = {
      // Bit 11: the name is UTF-8; else code page 437, read here as Latin-1 (PyTorch's names are ASCII).
      name: (flags & 0x800 ? utf8 : latin1).decode(nameBytes),
      method: u16(dir, at + 10),
      compressedSize: u32(dir, at + 20),
      size: u32(dir, at + 24),
      localHeaderOffset: u32(dir, at + 42),
    };
    readZip64Sizes(dir.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + u16(dir, at + 32);
  }
  return entries;
}

/** The ZIP64 extra field (id 1): the 8-byte values of the fields marked 0xFFFFFFFF, in this order. */
function readZip64Sizes(extra: Uint8Array, entry: ZipEntry): void {
  for (let at = 0; at + 4 <= extra.length; at += 4 + u16(extra, at + 2)) {
    if (u16(extra, at) !== 1) continue;
    const end = at + 4 + u16(extra, at + 2);
    let p = at + 4;
    const next = (): number => {
      const v = p + 8 <= end ? u32(extra, p) + u32(extra, p + 4) * 2 ** 32 : ZIP64_MARK;
      p += 8;
      return v;
    };
    if (entry.size === ZIP64_MARK) entry.size = next();
    if (entry.compressedSize === ZIP64_MARK) entry.compressedSize = next();
    if (entry.localHeaderOffset === ZIP64_MARK) entry.localHeaderOffset = next();
  }
}
