// The one varint reader both frameworks use, checked against encodings written out by hand: the
// 64-bit halves, exactness up to 2^53, and where it refuses (cut short, longer than 10 bytes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readVarint, varintNumber } from '../../../src/core/formats/protoWire';

const read = (bytes: number[], pos = 0, limit = bytes.length) => readVarint(Uint8Array.from(bytes), pos, limit);

test('small varints: one and two bytes, low half only', () => {
  assert.deepEqual(read([0x00]), { lo: 0, hi: 0, next: 1 });
  assert.deepEqual(read([0x7f]), { lo: 127, hi: 0, next: 1 });
  // 300 = 0b10_0101100: 0xac (low seven bits, more follows), then 0x02.
  assert.deepEqual(read([0xac, 0x02]), { lo: 300, hi: 0, next: 2 });
});

test('a varint is read from pos and ends where its last byte ends', () => {
  assert.deepEqual(read([0xff, 0xac, 0x02, 0x05], 1), { lo: 300, hi: 0, next: 3 });
});

test('values past 32 bits go to the high half; 2^64 - 1 fills both', () => {
  // 2^32: bits 28..34 sit in the fifth byte, bit 32 is its fifth bit.
  assert.deepEqual(read([0x80, 0x80, 0x80, 0x80, 0x10]), { lo: 0, hi: 1, next: 5 });
  assert.deepEqual(read([0xff, 0xff, 0xff, 0xff, 0x0f]), { lo: 0xffffffff, hi: 0, next: 5 });
  assert.deepEqual(read([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), { lo: 0xffffffff, hi: 0xffffffff, next: 10 });
});

test('varintNumber is exact up to 2^53', () => {
  // 2^53 - 1: seven full bytes of seven bits, then 0x0f for the last four bits.
  const v = read([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f])!;
  assert.equal(varintNumber(v), Number.MAX_SAFE_INTEGER);
  assert.equal(varintNumber(read([0x80, 0x80, 0x80, 0x80, 0x10])!), 2 ** 32);
});

test('a varint cut short by the limit or the end of the bytes is undefined', () => {
  assert.equal(read([0xac, 0x02], 0, 1), undefined);
  assert.equal(read([0x80]), undefined);
  assert.equal(read([]), undefined);
});

test('a varint of more than 10 bytes is undefined, 10 padded bytes are still read', () => {
  assert.equal(read([...new Array(10).fill(0x80), 0x00]), undefined);
  assert.deepEqual(read([0x81, ...new Array(8).fill(0x80), 0x00]), { lo: 1, hi: 0, next: 10 });
});
