// `op_callstack` is the Python traceback Paddle stores on every op: 92% of ppocrv3_det's bytes,
// 17,376 short strings that protobufjs would decode and the collector then sweep, for text the
// user almost never reads. OpDesc.Attr is decoded by protobufjs's own generated decoder, except
// that an attribute named op_callstack keeps its strings as byte ranges into the file buffer,
// turned into strings on first access (showing them, comparing, or writing the program).

import * as protobuf from 'protobufjs/light';

const CALLSTACK = new TextEncoder().encode('op_callstack');
// Read once: through a namespace import every property access is a getter call, and this one
// runs for every attribute of every op.
const Reader = protobuf.Reader;
const decoder = new TextDecoder('utf-8');

/** The strings of one op_callstack attribute, still in the file's bytes. */
export class LazyStrings {
  constructor(
    private readonly bytes: Uint8Array,
    /** start, length, start, length … */
    private readonly spans: number[],
  ) {}

  materialize(): string[] {
    const out = new Array<string>(this.spans.length / 2);
    for (let i = 0; i < this.spans.length; i += 2) out[i / 2] = decoder.decode(this.bytes.subarray(this.spans[i], this.spans[i] + this.spans[i + 1]));
    return out;
  }
}

/** Gives `target[name]` the strings of `lazy`, decoded the first time they are read. */
export function defineLazyStrings(target: Record<string, unknown>, name: string, lazy: LazyStrings): void {
  const settle = (value: unknown) => Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(target, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = lazy.materialize();
      settle(value);
      return value;
    },
    set: settle,
  });
}

function startsWithCallstackName(buf: Uint8Array, start: number, end: number): boolean {
  // Field 1 (name), length-delimited, 12 bytes: Paddle's C++ writer puts the name first.
  if (end - start < 2 + CALLSTACK.length || buf[start] !== 0x0a || buf[start + 1] !== CALLSTACK.length) return false;
  for (let i = 0; i < CALLSTACK.length; i++) if (buf[start + 2 + i] !== CALLSTACK[i]) return false;
  return true;
}

type Decode = (this: protobuf.Type, r: protobuf.Reader, l?: number, z?: number, q?: number, g?: protobuf.Message) => protobuf.Message;

/** Installs the lazy path on OpDesc.Attr; any attribute it does not fully understand takes protobufjs's decoder. */
export function decodeCallstacksLazily(attrType: protobuf.Type): void {
  attrType.setup();
  const generated = attrType.decode as unknown as Decode;
  const lazyDecode: Decode = function (r, l, z, q, g) {
    // Tags: name = field 1 (0x0a), type = field 2 (0x10), strings = field 8 (0x42).
    if (l === undefined || g !== undefined || !(r instanceof Reader)) return generated.call(this, r, l, z, q, g);
    const start = r.pos;
    const end = start + l;
    if (end > r.len || !startsWithCallstackName(r.buf, start, end)) return generated.call(this, r, l, z, q, g);
    const message = new (attrType.ctor as unknown as new () => Record<string, unknown>)();
    const spans: number[] = [];
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === 0x0a) message.name = r.string();
      else if (tag === 0x10) message.type = r.int32();
      else if (tag === 0x42) {
        const length = r.uint32();
        if (r.pos + length > end) break;
        spans.push(r.pos, length);
        r.pos += length;
      } else break;
    }
    // Anything unexpected (another field, a cut-short string, a missing required field): start
    // again with the generated decoder, which decodes it all or reports the error as it would.
    if (r.pos !== end || message.name === undefined || message.type === undefined) {
      r.pos = start;
      return generated.call(this, r, l, z, q, g);
    }
    message.strings = new LazyStrings(r.buf, spans);
    return message as unknown as protobuf.Message;
  };
  (attrType as unknown as { decode: Decode }).decode = lazyDecode;
}
