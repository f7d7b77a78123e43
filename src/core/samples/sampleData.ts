// Deterministic weights for the sample models: the same bytes on every machine, so a sample's
// files can be compared across runs.

export function float32Bytes(count: number, seed: number, offset = 0): Uint8Array {
  const out = new Float32Array(count);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = offset + (s / 0x100000000 - 0.5) * 0.2;
  }
  return new Uint8Array(out.buffer);
}
