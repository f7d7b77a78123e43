// A few lines of protobuf encoding so tests can build caffemodels with the rare layouts real
// files seldom show (unpacked floats, double_data, legacy 4-D dims, repeated layer names).

export function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) b |= 0x80;
    out.push(b);
  } while (v > 0);
  return out;
}

export const tag = (field: number, wire: number) => varint(field * 8 + wire);
export const bytesField = (field: number, payload: number[] | Uint8Array) => [...tag(field, 2), ...varint(payload.length), ...payload];
export const stringField = (field: number, s: string) => bytesField(field, [...Buffer.from(s, 'utf8')]);
export const varintField = (field: number, n: number) => [...tag(field, 0), ...varint(n)];

export function floats32(values: number[]): number[] {
  return [...new Uint8Array(Float32Array.from(values).buffer)];
}

export function floats64(values: number[]): number[] {
  return [...new Uint8Array(Float64Array.from(values).buffer)];
}

/** `repeated float data = 5` written one value at a time, as old protobuf writers did. */
export function unpackedFloats(values: number[]): number[] {
  return values.flatMap((v) => [...tag(5, 5), ...floats32([v])]);
}
