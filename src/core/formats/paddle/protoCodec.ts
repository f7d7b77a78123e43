// protobufjs types for framework.proto, and the two conversions the rest of the Paddle layer
// relies on: decoded message → plain data (presence kept, int64 made JSON-safe, unknown fields
// kept as raw bytes) and plain data → bytes. Plain data rather than protobufjs instances so the
// program can be posted, compared with deepEqual and edited without knowing protobufjs.

import * as protobuf from 'protobufjs/light';
import { t } from '../../l10n';
import { frameworkSchema } from './schema.generated';
import { LazyStrings, decodeCallstacksLazily, defineLazyStrings } from './lazyCallstack';

// The types are built on first use, not at load: a prototxt or a caffemodel never needs them, and
// every `npu-deploy` run would pay for them (and for generating OpDesc.Attr's decoder).
let root: protobuf.Root | undefined;
function lookup(name: PaddleType): protobuf.Type {
  if (!root) {
    root = protobuf.Root.fromJSON(frameworkSchema);
    // Resolve now: toPlain walks field.resolvedType, which is only set once types are resolved.
    root.resolveAll();
    decodeCallstacksLazily(root.lookupType('paddle.framework.proto.OpDesc.Attr'));
  }
  return root.lookupType(`paddle.framework.proto.${name}`);
}

/** The messages read and written whole: a name here, the protobufjs type on first use. */
export type PaddleType = 'ProgramDesc' | 'VarType.TensorDesc';
export const ProgramDescType: PaddleType = 'ProgramDesc';
export const TensorDescType: PaddleType = 'VarType.TensorDesc';

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/** A decoding failure with the byte offset where the decoder stopped. */
export class ProtoDecodeError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Decodes `bytes` as `type`, returning plain data. Unknown fields are kept (`$unknowns`), since
 * Fluid 1.x wrote a ProgramDesc field (3) that Paddle 2.x no longer declares.
 */
export function decodePlain<T>(name: PaddleType, bytes: Uint8Array): T {
  const type = lookup(name);
  const reader = protobuf.Reader.create(bytes);
  reader.discardUnknown = false;
  let message: protobuf.Message;
  try {
    message = type.decode(reader);
  } catch (e) {
    throw new ProtoDecodeError(Math.min(reader.pos, bytes.length), describeDecodeFailure(e, type.name));
  }
  return toPlain(type, message) as T;
}

/** Encodes plain data (as `decodePlain` returns it) with Paddle's field order. */
export function encodePlain(name: PaddleType, value: object): Uint8Array {
  return lookup(name).encode(value as { [k: string]: unknown }).finish();
}

function describeDecodeFailure(e: unknown, what: string): string {
  const message = e instanceof Error ? e.message : String(e);
  const notValid = t('the file is corrupt or not a Paddle {0}', what);
  if (/index out of range/.test(message)) return t('a length or value runs past the end of its message (the file is truncated or corrupt)');
  const missing = /missing required '([^']+)'/.exec(message);
  if (missing) return t('the required field {0} is missing ({1})', missing[1], notValid);
  const wire = /invalid wire type (\d+)/.exec(message);
  if (wire) return t('invalid protobuf wire type {0} ({1})', wire[1], notValid);
  if (/illegal tag/.test(message)) return t('invalid protobuf field number 0 ({0})', notValid);
  if (/invalid tag/.test(message)) return t('invalid protobuf field tag ({0})', notValid);
  if (/max depth/.test(message)) return t('messages nested too deeply ({0})', notValid);
  if (/end group/.test(message)) return t('unbalanced protobuf group markers ({0})', notValid);
  return t('protobuf decoding failed: {0}', message);
}

type Long = { low: number; high: number; unsigned: boolean; toNumber(): number; toString(): string };

/** int64 as a number when exact, else decimal text, so JSON and deepEqual never see a Long. */
export function longToInt64(value: unknown): number | string {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  const long = value as Long;
  const asNumber = long.toNumber();
  return Number.isSafeInteger(asNumber) ? asNumber : long.toString();
}

interface PlainField {
  repeated: boolean;
  convert: (value: unknown) => unknown;
}

const plainFields = new Map<protobuf.Type, Map<string, PlainField>>();

/** Per type, once: how each field's value becomes plain data (nested message, int64, or as is). */
function plainFieldsOf(type: protobuf.Type): Map<string, PlainField> {
  let fields = plainFields.get(type);
  if (fields) return fields;
  fields = new Map();
  plainFields.set(type, fields);
  for (const field of type.fieldsArray) {
    const nested = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
    const convert = nested
      ? (v: unknown) => toPlain(nested, v as protobuf.Message)
      : LONG_TYPES.has(field.type)
        ? longToInt64
        : (v: unknown) => v;
    fields.set(field.name, { repeated: field.repeated, convert });
  }
  return fields;
}

function toPlain(type: protobuf.Type, message: protobuf.Message | Record<string, unknown>): Record<string, unknown> {
  const source = message as unknown as Record<string, unknown>;
  const fields = plainFieldsOf(type);
  const out: Record<string, unknown> = {};
  // Only the fields the file held are own properties (defaults live on the prototype), so walking
  // own keys visits a handful per message instead of every field the schema declares.
  for (const name of Object.keys(source)) {
    const field = fields.get(name);
    if (!field) continue;
    const value = source[name];
    if (value === null || value === undefined) continue;
    if (value instanceof LazyStrings) {
      defineLazyStrings(out, name, value);
      continue;
    }
    if (field.repeated) {
      const list = value as unknown[];
      if (list.length > 0) out[name] = list.map(field.convert);
    } else {
      out[name] = field.convert(value);
    }
  }
  const unknowns = source.$unknowns as Uint8Array[] | undefined;
  // Copied into plain Uint8Arrays: no Buffer subclass leaks out, and the file's buffer is not kept alive.
  if (unknowns && unknowns.length > 0) out.$unknowns = unknowns.map((chunk) => Uint8Array.from(chunk));
  return out;
}
