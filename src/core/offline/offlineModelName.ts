// The model name an offline model (Sophon .bmodel, Ascend .om) carries, for the Dump dialog's
// check that the offline model given belongs to the model being cut (MindStudio asks "continue?"
// when the names differ). Only the first bytes are read. Anything not recognised gives
// undefined: the caller then skips the question rather than guessing.
//
// bmodel (toolchains.md §4): a 64-byte little-endian header (magic EE AA 55 FF, header_size = 64,
// flatbuffers_size, binary_size) followed by the flatbuffer `Model`, whose `net[0].name` is the
// name `tpu_model --info` prints as `net 0: [name]`. The vtable slots follow bmodel.fbs:
// Model { type, version, time, chip, net, … } and Net { name, … }.
//
// om: Ascend GE's ModelFileHeader, magic "IMOD" (0x444F4D49 little-endian), whose fixed-size
// `name[32]` field sits at byte 36 after magic, headsize, version, md5[16], length and four
// one-byte flags. toolchains.md does not spell this header out, so a name that is not printable
// text is treated as unreadable.

import type { FileAccess } from '../io/fileAccess';
import { readHead } from '../io/readHead';

const BMODEL_MAGIC = 0xff55aaee;
const BMODEL_LEGACY_MAGIC = 0xff55aaff;
const BMODEL_HEADER_BYTES = 64;
const OM_MAGIC = 0x444f4d49;
const OM_NAME_OFFSET = 36;
const OM_NAME_BYTES = 32;
/** Enough for the flatbuffer's tables and strings up to the first net's name in practice. */
const HEAD_BYTES = 64 * 1024;

const MODEL_NET_SLOT = 4;
const NET_NAME_SLOT = 0;

/** The model name stored in `file`, or undefined when the file is not a bmodel/om we can read. */
export async function offlineModelName(fs: FileAccess, file: string): Promise<string | undefined> {
  let head: Uint8Array;
  try {
    head = await readHead(fs, file, HEAD_BYTES);
  } catch {
    return undefined;
  }
  return offlineModelNameOf(head);
}

/** The same from the file's first bytes. */
export function offlineModelNameOf(head: Uint8Array): string | undefined {
  if (head.length < 8) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magic = view.getUint32(0, true);
  try {
    if (magic === BMODEL_MAGIC || magic === BMODEL_LEGACY_MAGIC) return bmodelNetName(view);
    if (magic === OM_MAGIC) return omName(head);
  } catch {
    // A truncated or corrupt table read past the bytes we have: unreadable, not an error.
  }
  return undefined;
}

function bmodelNetName(view: DataView): string | undefined {
  if (view.getUint32(4, true) !== BMODEL_HEADER_BYTES) return undefined;
  const root = BMODEL_HEADER_BYTES;
  const model = root + view.getUint32(root, true);
  const nets = tableField(view, model, MODEL_NET_SLOT);
  if (nets === undefined) return undefined;
  const vector = nets + view.getUint32(nets, true);
  if (view.getUint32(vector, true) < 1) return undefined;
  const firstNetAt = vector + 4;
  const net = firstNetAt + view.getUint32(firstNetAt, true);
  const name = tableField(view, net, NET_NAME_SLOT);
  if (name === undefined) return undefined;
  const text = name + view.getUint32(name, true);
  const length = view.getUint32(text, true);
  return printable(new Uint8Array(view.buffer, view.byteOffset + text + 4, length));
}

/** Where a flatbuffer table's field at `slot` is stored, or undefined when the field is absent. */
function tableField(view: DataView, table: number, slot: number): number | undefined {
  const vtable = table - view.getInt32(table, true);
  const vtableBytes = view.getUint16(vtable, true);
  const entry = 4 + slot * 2;
  if (entry + 2 > vtableBytes) return undefined;
  const offset = view.getUint16(vtable + entry, true);
  return offset === 0 ? undefined : table + offset;
}

function omName(head: Uint8Array): string | undefined {
  if (head.length < OM_NAME_OFFSET + OM_NAME_BYTES) return undefined;
  const field = head.subarray(OM_NAME_OFFSET, OM_NAME_OFFSET + OM_NAME_BYTES);
  const end = field.indexOf(0);
  return printable(end < 0 ? field : field.subarray(0, end));
}

/** UTF-8 text without control characters, or undefined. */
function printable(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(text) ? undefined : text;
}
