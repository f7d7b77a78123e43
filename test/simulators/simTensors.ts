// The numbers a simulated device computes for a tensor: deterministic from the tensor's name, so a
// test can write the golden side (the framework's dump) with the same numbers, perturb one layer,
// and know which layer the comparison must find.

/** `count` values in [-1, 1) for the tensor `name`. */
export function simValues(name: string, count: number): Float32Array {
  let seed = 2166136261;
  for (let i = 0; i < name.length; i++) seed = Math.imul(seed ^ name.charCodeAt(i), 16777619) >>> 0;
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    // xorshift32: cheap, and the same sequence on every machine.
    seed ^= seed << 13;
    seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    seed >>>= 0;
    values[i] = seed / 2 ** 31 - 1;
  }
  return values;
}

export const elementCount = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** A golden .npy file name as the framework dump names it: `{layer}.{output}.{timestamp}.npy`, `/` and `.` as `_`. */
export function goldenNpyName(layer: string, output = 0, timestamp = 1682148256368588): string {
  return `${layer.replace(/[./]/g, '_')}.${output}.${timestamp}.npy`;
}
