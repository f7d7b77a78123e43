// ProgramDesc → bytes, the way Paddle's C++ writes them, so a program read and written back is
// byte-identical. protobufjs already writes known fields in field-number order like C++, but it
// appends kept unknown fields at the end of their message; Fluid 1.x programs carry field 3
// (op_compatible_map, unknown to the 2.x schema) between blocks (1) and version (4), so the top
// level is reassembled in field-number order. Deeper unknown fields stay at the end of their
// message, which is where C++ puts fields it does not know as well.

import { writeFileAtomic } from '../../io/atomicWrite';
import { ProgramDescType, encodePlain } from './protoCodec';
import type { ProgramDesc } from './programTypes';

interface TopLevelField {
  field: number;
  bytes: Uint8Array;
}

function readVarint(bytes: Uint8Array, pos: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  let p = pos;
  for (;;) {
    if (p >= bytes.length) throw new Error('truncated varint in an encoded program');
    const b = bytes[p++];
    value += (b & 0x7f) * scale;
    if (b < 0x80) return { value, next: p };
    scale *= 128;
  }
}

/** Splits an encoded message into its top-level fields (tag included). */
export function splitTopLevel(bytes: Uint8Array): TopLevelField[] {
  const fields: TopLevelField[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const start = pos;
    const tag = readVarint(bytes, pos);
    pos = tag.next;
    const wire = tag.value % 8;
    switch (wire) {
      case 0:
        pos = readVarint(bytes, pos).next;
        break;
      case 1:
        pos += 8;
        break;
      case 2: {
        const len = readVarint(bytes, pos);
        pos = len.next + len.value;
        break;
      }
      case 5:
        pos += 4;
        break;
      default:
        throw new Error(`cannot reorder wire type ${wire} at the top level of a program`);
    }
    fields.push({ field: Math.floor(tag.value / 8), bytes: bytes.subarray(start, pos) });
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
