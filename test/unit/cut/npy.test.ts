// The .npy reader and writer behind dump_data/: numpy's header read back (versions 1 and 2,
// every little-endian number type as float32), refusals worded, float16 rounded as numpy rounds
// (to nearest even, to infinity past 65504, to zero below half the smallest subnormal).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeNpy, float16ToNumber, float32ToFloat16Bits, npyAsFloat32, readNpy } from '../../../src/core/cut/npy';

/** An .npy as numpy.save writes it (header padded to 64 bytes), built here by hand. */
function npy(descr: string, shape: string, data: Uint8Array, version = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  header += ' '.repeat((64 - ((prefix + header.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(prefix + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), prefix);
  out.set(data, prefix + header.length);
  return out;
}

test('numpy arrays of each number type read back as float32 in C order', () => {
  const f8 = new Float64Array([1.5, -2.25, 1e10]);
  assert.deepEqual([...npyAsFloat32(readNpy(npy('<f8', '(3,)', new Uint8Array(f8.buffer))))], [1.5, -2.25, 1e10]);
  const i8 = new BigInt64Array([-3n, 7n]);
  const read = readNpy(npy('<i8', '(1, 2)', new Uint8Array(i8.buffer), 2));
  assert.deepEqual(read.shape, [1, 2]);
  assert.deepEqual([...npyAsFloat32(read)], [-3, 7]);
  assert.deepEqual([...npyAsFloat32(readNpy(npy('|u1', '(2,)', new Uint8Array([0, 255]))))], [0, 255]);
  assert.deepEqual([...npyAsFloat32(readNpy(npy('<f2', '(2,)', new Uint8Array(new Uint16Array([0x3c00, 0xc000]).buffer))))], [1, -2]);
  assert.deepEqual(readNpy(npy('<f4', '()', new Uint8Array(new Float32Array([4]).buffer))).shape, []);
});

test('what is not an .npy, is big-endian or is cut short is refused with a reason', () => {
  assert.throws(() => readNpy(new Uint8Array(20)), /not an \.npy file/);
  assert.throws(() => readNpy(npy('>f4', '(1,)', new Uint8Array(4))), /element type >f4 is not read/);
  assert.throws(() => readNpy(npy('<f4', '(2,)', new Uint8Array(4))), /run past the end/);
});

test('float16 rounds to nearest even, overflows to infinity and underflows to zero as numpy does', () => {
  const cases: [number, number][] = [
    [1, 0x3c00], [-2, 0xc000], [65504, 0x7bff], [65520, 0x7c00], [-1e6, 0xfc00], [2 ** -24, 0x0001], [2 ** -25, 0x0000],
    [1.5 * 2 ** -25, 0x0001], [1 + 2 ** -11, 0x3c00], [1 + 3 * 2 ** -11, 0x3c02], [0.1, 0x2e66], [Infinity, 0x7c00], [-0, 0x8000],
  ];
  const bits = float32ToFloat16Bits(Float32Array.from(cases.map((c) => c[0])));
  assert.deepEqual([...bits].map((b) => b.toString(16)), cases.map((c) => c[1].toString(16)));
  assert.ok(Number.isNaN(float16ToNumber(float32ToFloat16Bits(Float32Array.of(NaN))[0])));
  assert.equal(float16ToNumber(0x2e66), 0.0999755859375);
});

test('written arrays are what numpy reads: header, 64-byte alignment, values', () => {
  const values = Float32Array.of(1, 2, 3, 4, 5, 6);
  const bytes = encodeNpy('<f4', [2, 3], new Uint8Array(values.buffer));
  const headerEnd = bytes.indexOf(0x0a) + 1;
  assert.equal(headerEnd % 64, 0);
  assert.equal(Buffer.from(bytes.subarray(10, headerEnd)).toString('latin1').trimEnd(), "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
  const back = readNpy(bytes);
  assert.deepEqual([back.descr, back.shape, [...npyAsFloat32(back)]], ['<f4', [2, 3], [1, 2, 3, 4, 5, 6]]);
  assert.match(Buffer.from(encodeNpy('<f2', [5], new Uint8Array(10))).toString('latin1'), /'shape': \(5,\)/);
});
