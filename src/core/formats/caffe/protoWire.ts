// Protobuf wire format: varints and a schema-driven decoder for the small messages of a
// caffemodel (a layer's settings, a blob's shape). Blob data is never decoded here: the index
// skips over it and records where it lies.

import { atByte, ModelFormatError } from '../../errors';
import type { ProtoMessage, ProtoValue } from './protoMessage';
import type { FieldInfo, MessageType } from './schema';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH = 2;
export const WIRE_FIXED32 = 5;

/** A varint read from `bytes` at `pos`: low and high 32 bits and the offset after it. */
export interface Varint {
  lo: number;
  hi: number;
  next: number;
}

/** Reads a varint ending before `limit`; undefined when the bytes run out first (a truncated file) or it is over 10 bytes. */
export function readVarint(bytes: Uint8Array, pos: number, limit: number): Varint | undefined {
  let lo = 0;
  let hi = 0;
  let shift = 0;
  for (let i = 0; i < 10; i++) {
    if (pos >= limit) return undefined;
    const b = bytes[pos++];
    if (shift < 28) lo |= (b & 0x7f) << shift;
    else if (shift === 28) {
      lo |= (b & 0x0f) << 28;
      hi |= (b & 0x7f) >> 4;
    } else hi |= (b & 0x7f) << (shift - 32);
    shift += 7;
    if ((b & 0x80) === 0) return { lo: lo >>> 0, hi: hi >>> 0, next: pos };
  }
  return undefined;
}

/** A varint as a non-negative number (lengths, tags); precise up to 2^53. */
export function varintNumber(v: Varint): number {
  return v.hi * 4294967296 + v.lo;
}

export class WireDecoder {
  private readonly text = new TextDecoder('utf-8');

  constructor(private readonly file: string) {}

  private fail(offset: number, detail: string): never {
    throw new ModelFormatError(this.file, atByte(offset), detail);
  }

  /**
   * Decodes the fields in `bytes` into `message` (repeated fields append), as caffe.`type`.
   * `base` is the file offset of bytes[0], for error places. Returns the numbers of fields the
   * schema does not know, which are skipped.
   */
  decodeInto(message: ProtoMessage, bytes: Uint8Array, type: MessageType, base: number, depth = 0): number[] {
    if (depth > 32) this.fail(base, 'messages nested more than 32 deep');
    const unknown: number[] = [];
    let pos = 0;
    const end = bytes.length;
    while (pos < end) {
      const fieldStart = pos;
      const tag = readVarint(bytes, pos, end);
      if (!tag) this.fail(base + pos, `truncated field tag in caffe.${type.name}`);
      pos = tag.next;
      const id = tag.lo >>> 3;
      const wire = tag.lo & 7;
      if (id === 0 || tag.hi !== 0) this.fail(base + fieldStart, `invalid field number in caffe.${type.name}`);
      let payloadStart = pos;
      let payloadEnd = pos;
      let varint: Varint | undefined;
      switch (wire) {
        case WIRE_VARINT:
          varint = readVarint(bytes, pos, end);
          if (!varint) this.fail(base + pos, `truncated varint in caffe.${type.name}`);
          pos = varint.next;
          break;
        case WIRE_FIXED64:
          payloadEnd = pos + 8;
          pos = payloadEnd;
          break;
        case WIRE_FIXED32:
          payloadEnd = pos + 4;
          pos = payloadEnd;
          break;
        case WIRE_LENGTH: {
          const len = readVarint(bytes, pos, end);
          if (!len) this.fail(base + pos, `truncated length in caffe.${type.name}`);
          payloadStart = len.next;
          payloadEnd = payloadStart + varintNumber(len);
          pos = payloadEnd;
          break;
        }
        default:
          this.fail(base + fieldStart, `unsupported wire type ${wire} (field ${id} of caffe.${type.name})`);
      }
      if (pos > end) this.fail(base + fieldStart, `field ${id} of caffe.${type.name} runs past the end of its message`);
      const field = type.byId.get(id);
      if (!field) {
        unknown.push(id);
        continue;
      }
      if (wire === WIRE_LENGTH && field.kind !== 'string' && field.kind !== 'bytes' && field.kind !== 'message') {
        if (!field.repeated) this.fail(base + fieldStart, `field '${field.name}' of caffe.${type.name} is not repeated but is packed`);
        this.decodePacked(message, field, bytes.subarray(payloadStart, payloadEnd), base + payloadStart);
        continue;
      }
      const expected = wireTypeOf(field);
      if (wire !== expected) this.fail(base + fieldStart, `field '${field.name}' of caffe.${type.name} has wire type ${wire}, expected ${expected}`);
      let value: ProtoValue;
      if (field.kind === 'message') {
        const child: ProtoMessage = {};
        this.decodeInto(child, bytes.subarray(payloadStart, payloadEnd), field.message!, base + payloadStart, depth + 1);
        value = child;
      } else if (field.kind === 'string' || field.kind === 'bytes') {
        const raw = bytes.subarray(payloadStart, payloadEnd);
        value = field.kind === 'string' ? this.text.decode(raw) : latin1(raw);
      } else if (varint) value = fromVarint(field, varint);
      else value = fromFixed(field, bytes, payloadStart);
      put(message, field, value);
    }
    return unknown;
  }

  private decodePacked(message: ProtoMessage, field: FieldInfo, bytes: Uint8Array, base: number): void {
    const list = (Array.isArray(message[field.name]) ? message[field.name] : (message[field.name] = [])) as ProtoValue[];
    const wire = wireTypeOf(field);
    let pos = 0;
    while (pos < bytes.length) {
      if (wire === WIRE_VARINT) {
        const v = readVarint(bytes, pos, bytes.length);
        if (!v) this.fail(base + pos, `truncated packed '${field.name}'`);
        list.push(fromVarint(field, v));
        pos = v.next;
      } else {
        const size = wire === WIRE_FIXED32 ? 4 : 8;
        if (pos + size > bytes.length) this.fail(base + pos, `packed '${field.name}' is not a whole number of values`);
        list.push(fromFixed(field, bytes, pos));
        pos += size;
      }
    }
  }
}

function put(message: ProtoMessage, field: FieldInfo, value: ProtoValue): void {
  if (!field.repeated) {
    message[field.name] = value;
    return;
  }
  const list = message[field.name];
  if (Array.isArray(list)) list.push(value);
  else message[field.name] = [value];
}

export function wireTypeOf(field: FieldInfo): number {
  switch (field.kind) {
    case 'double': case 'fixed64': case 'sfixed64':
      return WIRE_FIXED64;
    case 'float': case 'fixed32': case 'sfixed32':
      return WIRE_FIXED32;
    case 'string': case 'bytes': case 'message':
      return WIRE_LENGTH;
    default:
      return WIRE_VARINT;
  }
}

function fromVarint(field: FieldInfo, v: Varint): ProtoValue {
  switch (field.kind) {
    case 'bool':
      return v.lo !== 0 || v.hi !== 0;
    case 'int32':
      return v.lo | 0;
    case 'uint32':
      return v.lo >>> 0;
    case 'sint32':
      return (v.lo >>> 1) ^ -(v.lo & 1);
    case 'int64':
      return (v.hi | 0) * 4294967296 + v.lo;
    case 'sint64': {
      const n = v.hi * 4294967296 + v.lo;
      return v.lo & 1 ? -(n + 1) / 2 : n / 2;
    }
    case 'enum': {
      const n = v.lo | 0;
      return field.enumType!.byNumber.get(n) ?? n;
    }
    default:
      return v.hi * 4294967296 + v.lo;
  }
}

function fromFixed(field: FieldInfo, bytes: Uint8Array, pos: number): ProtoValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset + pos, field.kind === 'float' || field.kind === 'fixed32' || field.kind === 'sfixed32' ? 4 : 8);
  switch (field.kind) {
    case 'float':
      return view.getFloat32(0, true);
    case 'double':
      return view.getFloat64(0, true);
    case 'fixed32':
      return view.getUint32(0, true);
    case 'sfixed32':
      return view.getInt32(0, true);
    case 'fixed64':
      return view.getUint32(4, true) * 4294967296 + view.getUint32(0, true);
    default:
      return view.getInt32(4, true) * 4294967296 + view.getUint32(0, true);
  }
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}
