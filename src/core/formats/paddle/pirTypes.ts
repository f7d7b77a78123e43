// Value types of a PIR program (`TT`, and the `D` of type attributes): a dense tensor is
// `{"#":"0.t_dtensor","D":[<dtype type>, [dims], "<layout>", <lod>, <offset>]}`, a vector
// `{"#":"0.t_vec","D":[<types>]}`, a scalar type just its id. Each type is read by its own id,
// as Paddle's deserializer does; ids this reader does not know leave the value untyped.

import { t } from '../../l10n';
import { expandName, shortName } from './pirNames';
import { MAX_VALUE_NESTING, child, fail, isObject, type PirPath } from './pirProblem';

/** Paddle's own limit on a tensor's rank (DDim holds at most 9 dimensions). */
export const MAX_PIR_RANK = 9;

export interface PirType {
  /** Expanded type id: `builtin.t_dtensor`, `builtin.t_vec`, `builtin.t_f32` … */
  id: string;
  /** Element type of a tensor type, in the lower-case names used everywhere (`float32`). */
  dtype?: string;
  /** Dims of a tensor type; -1 is unknown. Absent when the type has none or too many. */
  dims?: number[];
  /** Set when the type declared more than MAX_PIR_RANK dims (the graph warns once). */
  rank?: number;
  /** The element types of a vector type. */
  elements?: PirType[];
}

const ELEMENT_TYPES: Record<string, string> = {
  t_bool: 'bool',
  t_bf16: 'bfloat16',
  t_f16: 'float16',
  t_f32: 'float32',
  t_f64: 'float64',
  t_i8: 'int8',
  t_ui8: 'uint8',
  t_i16: 'int16',
  t_i32: 'int32',
  t_i64: 'int64',
  t_index: 'index',
  t_c64: 'complex64',
  t_c128: 'complex128',
  t_f8e4m3fn: 'float8_e4m3fn',
  t_f8e5m2: 'float8_e5m2',
};

/** Types whose `D` starts with [dtype, dims, …]: dense tensors, selected rows, tensor arrays, sparse tensors. */
const TENSOR_TYPES = new Set(['t_dtensor', 't_selected_rows', 't_dense_tensor_array', 't_sparse_coo_tensor', 't_sparse_csr_tensor']);

/** Element type names by every spelling of their id: `0.t_f32`, `builtin.t_f32`. */
const ELEMENT_BY_ID = new Map(Object.entries(ELEMENT_TYPES).flatMap(([short, name]) => [[`0.${short}`, name], [`builtin.${short}`, name]]));

/** The element type name of a scalar type id (`0.t_f32` → `float32`), or undefined. */
export function elementTypeName(id: string): string | undefined {
  return ELEMENT_BY_ID.get(id);
}

export function readType(raw: unknown, where: PirPath, depth = 0): PirType {
  if (!isObject(raw) || typeof raw['#'] !== 'string') fail(where, t('a type must be an object with a "#" id'));
  if (depth > MAX_VALUE_NESTING) fail(where, t('types nest more than {0} deep', MAX_VALUE_NESTING));
  const element = elementTypeName(raw['#'] as string);
  if (element !== undefined) return { id: expandName(raw['#'] as string), dtype: element };
  const id = expandName(raw['#'] as string);
  const short = shortName(id);
  const data = raw.D;
  if (TENSOR_TYPES.has(short)) return tensorType(id, data, child(where, 'D'), depth);
  if (short === 't_vec') {
    if (!Array.isArray(data)) fail(child(where, 'D'), t('a vector type lists its element types'));
    return { id, elements: (data as unknown[]).map((e, i) => readType(e, child(child(where, 'D'), i), depth + 1)) };
  }
  // A distributed tensor wraps a dense one: [dense type, dist attribute, local dims].
  if (short === 't_dist_dtensor' && Array.isArray(data) && data.length > 0) {
    return { ...readType(data[0], child(child(where, 'D'), 0), depth + 1), id };
  }
  return { id };
}

function tensorType(id: string, data: unknown, where: PirPath, depth: number): PirType {
  if (!Array.isArray(data) || data.length < 2) fail(where, t('a tensor type holds [element type, dims, …]'));
  const element = data[0] as unknown;
  // The element type is almost always a scalar type id: read it without the general walk.
  const elementId = isObject(element) && typeof element['#'] === 'string' && element.D === undefined ? elementTypeName(element['#']) : undefined;
  const dtype = elementId ?? readType(element, child(where, 0), depth + 1).dtype;
  const dimsRaw = data[1] as unknown;
  if (!Array.isArray(dimsRaw)) fail(child(where, 1), t('the dims of a tensor type must be a list of integers'));
  const type: PirType = { id, dtype };
  if (dimsRaw.length > MAX_PIR_RANK) {
    type.rank = dimsRaw.length;
    return type;
  }
  for (let i = 0; i < dimsRaw.length; i++) {
    const d: unknown = dimsRaw[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < -1) fail(child(child(where, 1), i), t('dimension {0} is not a valid size (an integer, -1 when unknown)', String(d)));
  }
  // The document's own list, checked: no copy per value (the document is not changed after reading).
  type.dims = dimsRaw as number[];
  return type;
}

/** `tensor<-1x3x80x160xf32>` style text for a type, as Paddle prints it (for attributes that hold types). */
export function typeText(type: PirType): string {
  if (type.elements) return `vec[${type.elements.map(typeText).join(', ')}]`;
  if (type.dims) return `tensor<${[...type.dims.map((d) => (d < 0 ? '?' : String(d))), type.dtype ?? '?'].join('x')}>`;
  return type.dtype ?? type.id;
}
