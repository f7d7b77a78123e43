// The independently decoded summaries of the corpus's Paddle folders (`*.reference.json`,
// framework 'paddle'), typed, so every Paddle test can loop over the same real files.
import { corpus } from '../../support/corpus';

export interface RefTensor {
  name: string;
  col?: number;
  dtype: string;
  shape: number[];
  lod_level?: number;
}

export interface RefProgram {
  file: string;
  size: number;
  protoc_ok: boolean;
  protoc_error?: string;
  first_bytes_hex?: string;
  program_version?: number;
  unknown_top_level_fields?: string[];
  num_blocks?: number;
  blocks?: { idx: number; parent_idx: number; op_count: number; var_count: number }[];
  op_count_per_block?: number[];
  op_count_total?: number;
  op_type_histogram?: Record<string, number>;
  feed?: RefTensor[];
  fetch?: RefTensor[];
  persistable_vars?: string[];
  persistable_var_count?: number;
  persistable_holder_vars_excluded?: string[];
}

export interface RefParams {
  file?: string;
  size?: number;
  tensor_count?: number;
  trailing_bytes?: number;
  matches_program?: boolean;
  tensors?: { name: string; dtype: string; dims: number[] }[];
  layout?: string;
  files_present?: number;
  files_missing?: string[];
  shape_or_size_mismatches?: unknown[];
}

export interface RefEntry {
  program?: RefProgram;
  params?: RefParams | null;
  pickle_file?: string;
  pickle_protocol?: number;
}

export interface PaddleReference {
  model: string;
  entries: RefEntry[];
  /** Absolute path of a file of this model folder. */
  path(file: string): string;
}

export function paddleReferences(): PaddleReference[] {
  return corpus.models
    .filter((m) => m.framework === 'paddle')
    .map((m) => ({ model: m.name, entries: m.reference.entries as RefEntry[], path: (file: string) => m.path(file) }));
}

/** The reference files spell dtypes as Paddle's enum names; the extension uses lower-case names. */
export const REF_DTYPE: Record<string, string> = {
  BOOL: 'bool', INT16: 'int16', INT32: 'int32', INT64: 'int64', FP16: 'float16', FP32: 'float32', FP64: 'float64',
  UINT8: 'uint8', INT8: 'int8', BF16: 'bfloat16', COMPLEX64: 'complex64', COMPLEX128: 'complex128',
};
