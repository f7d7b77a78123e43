// Paddle's element types (VarType.Type numbers) under the lower-case names every other part of
// the extension uses, with their byte sizes for walking raw tensor data.

import { VarKind } from './programTypes';

interface DtypeInfo {
  name: string;
  bytes: number;
}

const DTYPES = new Map<number, DtypeInfo>([
  [VarKind.BOOL, { name: 'bool', bytes: 1 }],
  [VarKind.INT16, { name: 'int16', bytes: 2 }],
  [VarKind.INT32, { name: 'int32', bytes: 4 }],
  [VarKind.INT64, { name: 'int64', bytes: 8 }],
  [VarKind.FP16, { name: 'float16', bytes: 2 }],
  [VarKind.FP32, { name: 'float32', bytes: 4 }],
  [VarKind.FP64, { name: 'float64', bytes: 8 }],
  // size_t tensors come from 64-bit hosts, the only ones Paddle ships for.
  [VarKind.SIZE_T, { name: 'uint64', bytes: 8 }],
  [VarKind.UINT8, { name: 'uint8', bytes: 1 }],
  [VarKind.INT8, { name: 'int8', bytes: 1 }],
  [VarKind.BF16, { name: 'bfloat16', bytes: 2 }],
  [VarKind.COMPLEX64, { name: 'complex64', bytes: 8 }],
  [VarKind.COMPLEX128, { name: 'complex128', bytes: 16 }],
]);

/** Lower-case dtype name ('float32', 'int64', …), or undefined for a value that is not an element type. */
export function dtypeName(dataType: number): string | undefined {
  return DTYPES.get(dataType)?.name;
}

export function dtypeBytes(dataType: number): number | undefined {
  return DTYPES.get(dataType)?.bytes;
}

/** Paddle's enum name for a VarType.Type number (for messages), or the number itself. */
export function varKindName(kind: number): string {
  for (const [name, value] of Object.entries(VarKind)) if (value === kind) return name;
  return String(kind);
}
