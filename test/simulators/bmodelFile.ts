// A bmodel that looks like one from outside: the 64-byte header of toolchains.md §4 (magic
// 0xFF55AAEE, header size, flatbuffer size, binary size, twelve reserved words), then a JSON
// description where the flatbuffer would be (so the simulators' own bmrt_test can read it back),
// then an opaque blob.

export const BMODEL_MAGIC = 0xff55aaee;
export const BMODEL_HEADER_SIZE = 64;

export interface BmodelDescription {
  chip: string;
  net: string;
  inputs: { name: string; shape: number[] }[];
  outputs: { name: string; shape: number[] }[];
}

export function bmodelBytes(description: BmodelDescription): Buffer {
  const body = Buffer.from(JSON.stringify({ type: 'B', version: '2.2', time: new Date().toUTCString(), ...description }), 'utf8');
  const blob = Buffer.alloc(256, 0x5a);
  const header = Buffer.alloc(BMODEL_HEADER_SIZE);
  header.writeUInt32LE(BMODEL_MAGIC, 0);
  header.writeUInt32LE(BMODEL_HEADER_SIZE, 4);
  header.writeUInt32LE(body.length, 8);
  header.writeUInt32LE(blob.length, 12);
  return Buffer.concat([header, body, blob]);
}

/** The description back from a bmodel this module wrote; undefined for anything else. */
export function readBmodel(bytes: Buffer): BmodelDescription | undefined {
  if (bytes.length < BMODEL_HEADER_SIZE || bytes.readUInt32LE(0) !== BMODEL_MAGIC || bytes.readUInt32LE(4) !== BMODEL_HEADER_SIZE) return undefined;
  const size = bytes.readUInt32LE(8);
  try {
    return JSON.parse(bytes.subarray(BMODEL_HEADER_SIZE, BMODEL_HEADER_SIZE + size).toString('utf8')) as BmodelDescription;
  } catch {
    return undefined;
  }
}

/** Float32 little-endian values for `count` elements, a fixed pattern (reference data). */
export function float32Data(count: number, seed: number): Buffer {
  const b = Buffer.alloc(count * 4);
  for (let i = 0; i < count; i++) b.writeFloatLE(((i * 7 + seed * 13) % 100) / 100, i * 4);
  return b;
}
