// Decodes the settings parts of a binary caffemodel (net-level fields, a layer's fields other
// than its blobs, a blob's shape) with protobufjs, from the same descriptor the text reader
// uses, into the plain ProtoMessage form the rest of the Caffe layer shares. The blob values
// themselves are never decoded here: the index only records where they lie.

import * as protobuf from 'protobufjs/light';
import { InternalError, ModelFormatError, atByte } from '../../errors';
import { t } from '../../l10n';
import { readVarint, varintNumber } from '../protoWire';
import type { ProtoMessage } from './protoMessage';
import { caffeDescriptor } from './schema.generated';

// Built on first use, not at load: building caffe.proto's types takes ~20 ms, which a prototxt
// (read by the text reader) or a Paddle model never needs, and every `npu-deploy` run would pay.
let root: protobuf.Root | undefined;
function caffeRoot(): protobuf.Root {
  if (!root) {
    root = protobuf.Root.fromJSON(caffeDescriptor as unknown as protobuf.INamespace);
    root.resolveAll();
  }
  return root;
}

const types = new Map<string, protobuf.Type>();
export function protobufType(name: string): protobuf.Type {
  let type = types.get(name);
  if (!type) {
    type = caffeRoot().lookupType(name);
    types.set(name, type);
  }
  return type;
}

// Enums by name as in prototxt, int64 as numbers (Caffe's int64 fields are dims and counts).
const AS_PLAIN: protobuf.IConversionOptions = { enums: String, longs: Number, bytes: String, defaults: false, arrays: false };

/** Pieces of the file that together make one message (a layer with its blobs cut out). */
export interface Segment {
  bytes: Uint8Array;
  /** File offset of bytes[0]. */
  fileOffset: number;
}

export interface DecodedSettings {
  message: ProtoMessage;
  /** Field numbers the schema does not know; protobufjs skipped them. */
  unknownFields: number[];
}

export function decodeSettings(file: string, typeName: string, segments: readonly Segment[]): DecodedSettings {
  const total = segments.reduce((n, s) => n + s.bytes.length, 0);
  const bytes = segments.length === 1 ? segments[0].bytes : new Uint8Array(total);
  if (segments.length !== 1) {
    let at = 0;
    for (const s of segments) {
      bytes.set(s.bytes, at);
      at += s.bytes.length;
    }
  }
  const type = protobufType(typeName);
  const reader = protobuf.Reader.create(bytes);
  (reader as unknown as { discardUnknown: boolean }).discardUnknown = false;
  let decoded: protobuf.Message;
  try {
    decoded = type.decode(reader);
  } catch (e) {
    throw new ModelFormatError(file, atByte(fileOffsetOf(segments, Math.min(reader.pos, total))), describeFailure(e, typeName));
  }
  const message = type.toObject(decoded, AS_PLAIN) as ProtoMessage;
  const unknowns = (decoded as unknown as { $unknowns?: Uint8Array[] }).$unknowns ?? [];
  return { message, unknownFields: unknowns.map(fieldNumberOf) };
}

function fileOffsetOf(segments: readonly Segment[], position: number): number {
  let at = 0;
  for (const s of segments) {
    if (position < at + s.bytes.length) return s.fileOffset + (position - at);
    at += s.bytes.length;
  }
  const last = segments[segments.length - 1];
  return last ? last.fileOffset + last.bytes.length : 0;
}

/** The field number of an unknown field protobufjs kept, from the tag its chunk starts with. */
function fieldNumberOf(chunk: Uint8Array): number {
  const tag = readVarint(chunk, 0, chunk.length);
  // protobufjs read this tag before it kept the chunk, so the varint is always whole.
  if (!tag) throw new InternalError(`an unknown field kept by protobufjs starts with no whole tag (${chunk.length} bytes)`);
  return Math.floor(varintNumber(tag) / 8);
}

function describeFailure(e: unknown, typeName: string): string {
  const text = e instanceof Error ? e.message : String(e);
  const where = `caffe.${typeName}`;
  if (/index out of range/.test(text)) return t('a field of {0} runs past the end of its message (truncated or damaged file)', where);
  const wire = /invalid wire type (\d+)/.exec(text);
  if (wire) return t('invalid protobuf wire type {0} in {1} (not a caffemodel, or damaged)', wire[1], where);
  if (/illegal tag|invalid tag/.test(text)) return t('invalid field number in {0} (not a caffemodel, or damaged)', where);
  if (/max depth/.test(text)) return t('messages nested too deeply in {0}', where);
  const missing = /missing required '([^']+)'/.exec(text);
  if (missing) return t('required field {0} missing in {1}', missing[1], where);
  return t('cannot decode {0}: {1}', where, text);
}
