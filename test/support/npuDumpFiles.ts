// Ascend NPU dump files written as ../shared/toolchains.md §7.4–7.5 describes them: a uint64
// header length, a toolkit.dump.DumpData protobuf giving each tensor's type, layout, shape and
// size, then all inputs' and outputs' bytes (version 2); or the bare protobuf with the bytes
// inline (version 1). A protobuf writer just big enough for DumpData, and the layout helpers
// the tests need to put NCHW values into the chip's layouts.

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}
export const num = (field: number, n: number) => Buffer.from([...varint(field * 8), ...varint(n)]);
export const bytes = (field: number, payload: Buffer) => Buffer.concat([Buffer.from([...varint(field * 8 + 2), ...varint(payload.length)]), payload]);
export const shapeOf = (dims: number[]) => Buffer.concat(dims.map((d) => num(1, d)));

export const DT_FLOAT = 1;
export const DT_FLOAT16 = 2;
export const DT_INT8 = 3;
export const DT_INT32 = 7;
export const DT_INT64 = 8;
export const FORMAT_NCHW = 0;
export const FORMAT_NHWC = 1;
export const FORMAT_ND = 2;
export const FORMAT_NC1HWC0 = 3;

export interface DumpTensor {
  dataType: number;
  format: number;
  shape: number[];
  data: Buffer;
}

/** OpInput (data 4, size 5) or OpOutput (data 5, size 6), with the bytes inline or only their size. */
function tensorMessage(tensor: DumpTensor, isInput: boolean, inline: boolean): Buffer {
  const parts = [num(1, tensor.dataType), num(2, tensor.format), bytes(3, shapeOf(tensor.shape))];
  if (inline) parts.push(bytes(isInput ? 4 : 5, tensor.data));
  parts.push(num(isInput ? 5 : 6, tensor.data.length));
  return Buffer.concat(parts);
}

export function npuDump(opName: string, inputs: DumpTensor[], outputs: DumpTensor[], version: 1 | 2 = 2): Buffer {
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

/** NCHW values laid out as NC1HWC0 with blocks of `c0` channels, the padding lanes zero. */
export function toNc1hwc0(values: Float32Array, [n, c, h, w]: number[], c0 = 16): { data: Float32Array; shape: number[] } {
  const c1 = Math.ceil(c / c0);
  const data = new Float32Array(n * c1 * h * w * c0);
  for (let b = 0; b < n; b++)
    for (let k = 0; k < c; k++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) data[(((b * c1 + Math.floor(k / c0)) * h + y) * w + x) * c0 + (k % c0)] = values[((b * c + k) * h + y) * w + x];
  return { data, shape: [n, c1, h, w, c0] };
}

/** NCHW values laid out as NHWC. */
export function toNhwc(values: Float32Array, [n, c, h, w]: number[]): { data: Float32Array; shape: number[] } {
  const data = new Float32Array(values.length);
  for (let b = 0; b < n; b++)
    for (let k = 0; k < c; k++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) data[((b * h + y) * w + x) * c + k] = values[((b * c + k) * h + y) * w + x];
  return { data, shape: [n, h, w, c] };
}
