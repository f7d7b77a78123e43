// ProgramDesc → bytes, the way Paddle's C++ writes them, so a program read and written back is
// byte-identical. protobufjs already writes known fields in field-number order like C++, but it
// appends kept unknown fields at the end of their message; Fluid 1.x programs carry field 3
// (op_compatible_map, unknown to the 2.x schema) between blocks (1) and version (4), so the top
// level is reassembled in field-number order. Deeper unknown fields stay at the end of their
// message, which is where C++ puts fields it does not know as well.

import { writeFileAtomic } from '../../io/atomicWrite';
import { ProgramDescType, encodePlain } from './protoCodec';
import type { ProgramDesc } from './programTypes';
import { readVarint, varintNumber, WIRE_FIXED32, WIRE_FIXED64, WIRE_LENGTH, WIRE_VARINT, type Varint } from '../protoWire';

interface TopLevelField {
  field: number;
  bytes: Uint8Array;
}

/** The input is protobufjs's own encoding, so a varint that does not end is a bug, not a bad file. */
function varintAt(bytes: Uint8Array, pos: number): Varint {
  const v = readVarint(bytes, pos, bytes.length);
  if (!v) throw new Error('truncated varint in an encoded program');
  return v;
}

/** Splits an encoded message into its top-level fields (tag included). */
export function splitTopLevel(bytes: Uint8Array): TopLevelField[] {
  const fields: TopLevelField[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const start = pos;
    const tag = varintAt(bytes, pos);
    pos = tag.next;
    const tagValue = varintNumber(tag);
    const wire = tagValue % 8;
    switch (wire) {
      case WIRE_VARINT:
        pos = varintAt(bytes, pos).next;
        break;
      case WIRE_FIXED64:
        pos += 8;
        break;
      case WIRE_LENGTH: {
        const len = varintAt(bytes, pos);
        pos = len.next + varintNumber(len);
        break;
      }
      case WIRE_FIXED32:
        pos += 4;
        break;
      default:
        throw new Error(`cannot reorder wire type ${wire} at the top level of a program`);
    }
    fields.push({ field: Math.floor(tagValue / 8), bytes: bytes.subarray(start, pos) });
  }
  return fields;
}

export function encodeProgram(program: ProgramDesc): Uint8Array {
  const { $unknowns, ...known } = program;
  const parts = splitTopLevel(encodePlain(ProgramDescType, known));
  for (const chunk of $unknowns ?? []) parts.push(...splitTopLevel(chunk));
  // Array.prototype.sort is stable: repeated fields keep their order.
  parts.sort((a, b) => a.field - b.field);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.bytes.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p.bytes, at);
    at += p.bytes.length;
  }
  return out;
}

export async function writeProgram(target: string, program: ProgramDesc): Promise<void> {
  await writeFileAtomic(target, encodeProgram(program));
}
