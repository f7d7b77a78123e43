// Ascend NPU dump files as the runtime writes them (../shared/toolchains.md §7.5): version 2 is a
// little-endian uint64 header length, a toolkit.dump.DumpData protobuf holding each tensor's
// data type, format, shape and size, then all inputs' and outputs' bytes; version 1 is the bare
// protobuf with the bytes inline. Written by the msame/msit simulators' dumps and by tests.

/** A tensor of a dump: `data` already in `dataType` (DT_FLOAT = 1, DT_FLOAT16 = 2 …) and `format`. */
export interface DumpTensor {
  dataType: number;
  format: number;
  shape: number[];
  data: Buffer;
}

export const DT_FLOAT = 1;
export const DT_FLOAT16 = 2;
export const FORMAT_NCHW = 0;
export const FORMAT_NC1HWC0 = 3;

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}
/** Protobuf wire pieces: a varint field, a length-delimited field, a Shape message. */
export const num = (field: number, n: number) => Buffer.from([...varint(field * 8), ...varint(n)]);
export const bytes = (field: number, payload: Buffer) => Buffer.concat([Buffer.from([...varint(field * 8 + 2), ...varint(payload.length)]), payload]);
export const shapeOf = (dims: number[]) => Buffer.concat(dims.map((d) => num(1, d)));

/** OpInput (data 4, size 5) or OpOutput (data 5, size 6), with the bytes inline or only their size. */
function tensorMessage(tensor: DumpTensor, isInput: boolean, inline: boolean): Buffer {
  const parts = [num(1, tensor.dataType), num(2, tensor.format), bytes(3, shapeOf(tensor.shape))];
  if (inline) parts.push(bytes(isInput ? 4 : 5, tensor.data));
  parts.push(num(isInput ? 5 : 6, tensor.data.length));
  return Buffer.concat(parts);
}

export function npuDumpBytes(opName: string, inputs: DumpTensor[], outputs: DumpTensor[], version: 1 | 2 = 2): Buffer {
  const inline = version === 1;
  const header = Buffer.concat([
    bytes(1, Buffer.from('2.0')),
    num(2, 1585884515795667),
    ...outputs.map((o) => bytes(3, tensorMessage(o, false, inline))),
    ...inputs.map((i) => bytes(4, tensorMessage(i, true, inline))),
    bytes(6, Buffer.from(opName)),
  ]);
  if (inline) return header;
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header, ...inputs.map((i) => i.data), ...outputs.map((o) => o.data)]);
}
