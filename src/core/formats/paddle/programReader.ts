// Reads a legacy Paddle program (`*.pdmodel`, `__model__`, or a file named `model`): the
// protobuf ProgramDesc with every block, var, op and attribute, as plain data. Anything that is
// not a readable ProgramDesc becomes a ModelFormatError that says where decoding stopped.

import { ModelFormatError, atByte } from '../../errors';
import { FileAccessError, type FileAccess } from '../../io/fileAccess';
import { nodeFileAccess } from '../../io/nodeFileAccess';
import { t } from '../../l10n';
import { ProgramDescType, ProtoDecodeError, decodePlain } from './protoCodec';
import type { ProgramDesc } from './programTypes';
import { describeForeignStart } from './checkpointDetect';
import { readVarint, varintNumber, WIRE_LENGTH } from '../protoWire';

/** protobuf's own limit; a bigger "program" is not one, and reading it would only waste memory. */
const MAX_PROGRAM_BYTES = 2 ** 31 - 1;

/** First bytes of a ProgramDesc: field 1 (blocks) length-delimited, then BlockDesc idx (field 1) and parent_idx (field 2). */
export function looksLikeProgram(head: Uint8Array): boolean {
  if (head.length < 4 || head[0] !== 0x0a) return false;
  let p = 1;
  // The block's length varint (at most 5 bytes for a < 2 GiB message).
  for (let k = 0; k < 5 && p < head.length && head[p] & 0x80; k++) p++;
  p++;
  if (p >= head.length || head[p] !== 0x08) return false;
  p++;
  // idx varint: int32, up to 10 bytes when negative.
  for (let k = 0; k < 10 && p < head.length && head[p] & 0x80; k++) p++;
  p++;
  return p < head.length && head[p] === 0x10;
}

export async function readProgramFile(file: string, fs: FileAccess = nodeFileAccess): Promise<ProgramDesc> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readBytes(file, MAX_PROGRAM_BYTES);
  } catch (e) {
    if (!(e instanceof FileAccessError) || e.code !== 'EFBIG') throw e;
    const { size } = await fs.stat(file);
    throw new ModelFormatError(file, atByte(0), t('a Paddle program cannot be larger than 2 GiB (this file has {0} bytes); it is not a program', size));
  }
  return decodeProgram(bytes, file);
}

/** Decodes a ProgramDesc; `file` names the source in errors. */
export function decodeProgram(bytes: Uint8Array, file: string): ProgramDesc {
  if (bytes.length === 0) throw new ModelFormatError(file, atByte(0), t('the file is empty, not a Paddle program'));
  const foreign = describeForeignStart(bytes);
  if (foreign) throw new ModelFormatError(file, atByte(0), foreign);
  const cut = findTruncation(bytes);
  if (cut) throw new ModelFormatError(file, atByte(cut.offset), cut.detail);
  let program: ProgramDesc;
  try {
    program = decodePlain<ProgramDesc>(ProgramDescType, bytes);
  } catch (e) {
    if (!(e instanceof ProtoDecodeError)) throw e;
    throw new ModelFormatError(file, atByte(e.offset), t('cannot decode the Paddle program: {0}', e.reason));
  }
  if (!program.blocks || program.blocks.length === 0) {
    throw new ModelFormatError(file, atByte(0), t('the Paddle program holds no blocks (not a Paddle program, or an empty one)'));
  }
  return program;
}

const TOP_LEVEL_NAMES: Record<number, string> = { 1: 'block', 3: 'op_compatible_map', 4: 'version', 5: 'op_version_map' };

/**
 * A cut-off file is the commonest damage (an interrupted copy or download). protobufjs only says
 * "index out of range" for it, so the top level is walked first to say which part is cut short.
 */
function findTruncation(bytes: Uint8Array): { offset: number; detail: string } | undefined {
  let pos = 0;
  let blocks = 0;
  while (pos < bytes.length) {
    const start = pos;
    const tag = readVarint(bytes, pos, bytes.length);
    if (!tag) return undefined;
    pos = tag.next;
    const tagValue = varintNumber(tag);
    // Only length-delimited fields can claim more than the file holds; anything odd is left to the decoder.
    if (tagValue % 8 !== WIRE_LENGTH) return undefined;
    const len = readVarint(bytes, pos, bytes.length);
    if (!len) return undefined;
    pos = len.next;
    const length = varintNumber(len);
    const field = Math.floor(tagValue / 8);
    const name = field === 1 ? t('block {0}', blocks++) : (TOP_LEVEL_NAMES[field] ?? t('field {0}', field));
    if (pos + length > bytes.length) {
      return {
        // Reported where the bytes run out, which is where decoding has to stop.
        offset: bytes.length,
        detail: t('the file is truncated: {0} (starting at byte {1}) needs {2} bytes but only {3} follow', name, start, length, bytes.length - pos),
      };
    }
    pos += length;
  }
  return undefined;
}

/**
 * The program version as Paddle numbers it (1007000 = 1.7.0, 2002002 = 2.2.2), or undefined when
 * the file has none (Fluid before 1.0 wrote no version; Paddle then treats it as 0).
 */
export function programVersion(program: ProgramDesc): number | string | undefined {
  if (!program.version) return undefined;
  return program.version.version ?? 0;
}
