// The decoded ProgramDesc as plain data: Paddle's own field names (snake_case), only the fields
// the file actually holds, enums as their numbers, int64 as a number when it fits exactly and a
// decimal string when it does not. Keeping presence and names as in the file is what lets the
// writer hand the same object back to the encoder and get Paddle's bytes again.

/** An int64 field: a number when exactly representable, otherwise its decimal text. */
export type Int64 = number | string;

/** Raw bytes of fields this schema does not know (each chunk starts with its tag), kept for the writer. */
export interface WithUnknowns {
  $unknowns?: Uint8Array[];
}

export interface ProgramDesc extends WithUnknowns {
  blocks?: BlockDesc[];
  version?: { version?: Int64 } & WithUnknowns;
  op_version_map?: { pair?: OpVersionPair[] } & WithUnknowns;
}

export interface OpVersionPair extends WithUnknowns {
  op_name: string;
  op_version: { version: number } & WithUnknowns;
}

export interface BlockDesc extends WithUnknowns {
  idx: number;
  parent_idx: number;
  vars?: VarDesc[];
  ops?: OpDesc[];
  forward_block_idx?: number;
}

export interface VarDesc extends WithUnknowns {
  name: string;
  type: VarType;
  persistable?: boolean;
  need_check_feed?: boolean;
  is_parameter?: boolean;
  stop_gradient?: boolean;
  attrs?: ({ name: string; type: number; i?: number; s?: string; ints?: number[] } & WithUnknowns)[];
}

export interface TensorDesc extends WithUnknowns {
  data_type: number;
  dims?: Int64[];
}

export interface LoDTensorDesc extends WithUnknowns {
  tensor: TensorDesc;
  lod_level?: number;
}

export interface VarType extends WithUnknowns {
  type: number;
  selected_rows?: TensorDesc;
  lod_tensor?: LoDTensorDesc;
  tensor_array?: LoDTensorDesc;
  reader?: { lod_tensor?: LoDTensorDesc[] } & WithUnknowns;
  tuple?: { element_type?: number[] } & WithUnknowns;
  string?: TensorDesc;
  strings?: TensorDesc;
  vocab?: TensorDesc;
  sparse_coo?: TensorDesc;
  sparse_csr?: TensorDesc;
}

export interface OpVar extends WithUnknowns {
  parameter: string;
  arguments?: string[];
}

export interface Scalar extends WithUnknowns {
  type: number;
  b?: boolean;
  i?: Int64;
  r?: number;
  c?: { r: number; i: number } & WithUnknowns;
}

export interface OpAttr extends WithUnknowns {
  name: string;
  type: number;
  i?: number;
  f?: number;
  s?: string;
  ints?: number[];
  floats?: number[];
  strings?: string[];
  b?: boolean;
  bools?: boolean[];
  block_idx?: number;
  l?: Int64;
  blocks_idx?: number[];
  longs?: Int64[];
  float64s?: number[];
  var_name?: string;
  vars_name?: string[];
  float64?: number;
  scalar?: Scalar;
  scalars?: Scalar[];
}

export interface OpDesc extends WithUnknowns {
  type: string;
  inputs?: OpVar[];
  outputs?: OpVar[];
  attrs?: OpAttr[];
  is_target?: boolean;
}

/** VarType.Type numbers (framework.proto). */
export const VarKind = {
  BOOL: 0, INT16: 1, INT32: 2, INT64: 3, FP16: 4, FP32: 5, FP64: 6,
  LOD_TENSOR: 7, SELECTED_ROWS: 8, FEED_MINIBATCH: 9, FETCH_LIST: 10, STEP_SCOPES: 11,
  LOD_RANK_TABLE: 12, LOD_TENSOR_ARRAY: 13, PLACE_LIST: 14, READER: 15, RAW: 17, TUPLE: 18,
  SIZE_T: 19, UINT8: 20, INT8: 21, BF16: 22, COMPLEX64: 23, COMPLEX128: 24,
  STRING: 25, STRINGS: 26, VOCAB: 27, FEED_LIST: 28, PSTRING: 29, SPARSE_COO: 30, SPARSE_CSR: 31,
} as const;

/** AttrType numbers (framework.proto). */
export const AttrKind = {
  INT: 0, FLOAT: 1, STRING: 2, INTS: 3, FLOATS: 4, STRINGS: 5, BOOLEAN: 6, BOOLEANS: 7, BLOCK: 8,
  LONG: 9, BLOCKS: 10, LONGS: 11, FLOAT64S: 12, VAR: 13, VARS: 14, FLOAT64: 15, SCALAR: 16, SCALARS: 17,
} as const;

/** Scalar.Type numbers (framework.proto). */
export const ScalarKind = { BOOLEAN: 1, LONG: 2, FLOAT64: 3, COMPLEX128: 4 } as const;
