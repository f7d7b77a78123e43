// What every format reader returns: the graph, the figures `npu-deploy info` prints, and a lazy
// index of the weights. Framework-specific rules (which tensors are inputs, what counts as a
// parameter) are applied by the reader, so everything downstream treats all formats alike.

import type { FilePlace } from './errors';
import type { Framework, Graph, Shape } from './graph/graph';
import type { FormatSource } from './formats/formatSource';
import type { FileAccess } from './io/fileAccess';
import type { ReaderCaches } from './formats/readerCaches';

export interface TensorSummary {
  name: string;
  shape: Shape | null;
  dtype: string | null;
}

export interface ModelWarning {
  file: string;
  place: FilePlace;
  /** Stable code for tests and Problems (`caffe.unknown-field`, `paddle.unknown-attr-type`). */
  code: string;
  message: string;
}

/** One tensor in a weights file, found without reading its data. */
export interface WeightEntry {
  /** Key: the Paddle var name, or `layer/blobs[i]` for Caffe. */
  key: string;
  dtype: string;
  shape: Shape;
  /** File holding the data, and where its raw bytes start and how many there are. */
  file: string;
  offset: number;
  byteLength: number;
}

export interface WeightStore {
  readonly files: string[];
  readonly entries: readonly WeightEntry[];
  get(key: string): WeightEntry | undefined;
  /** The raw little-endian bytes of one tensor, read on demand. */
  read(key: string): Promise<Uint8Array>;
  /**
   * The same bytes in pieces of at most `chunkBytes` (a multiple of 8, so no element is split),
   * for walking a tensor too big to hold at once. Stores without it are read whole.
   */
  readChunks?(key: string, chunkBytes: number): AsyncIterable<Uint8Array>;
}

export interface OpenedModel {
  framework: Framework;
  /** `pdmodel`, `__model__`, `model`, `prototxt`, `caffemodel`, `solver` … */
  format: string;
  /** The net name (Caffe) or the file stem (Paddle). */
  name: string;
  file: string;
  graph: Graph;
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  /** Paddle: persistable var names (feed/fetch holders excluded), sorted. Caffe: layers with blobs in the weights. */
  params: string[];
  weights?: WeightStore;
  /**
   * A checkpoint folder without a program (no graph): its variables with dtype and shape, sorted
   * by name. Absent for models.
   */
  variables?: TensorSummary[];
  warnings: ModelWarning[];
  /**
   * What the format read, kept so that later steps work on the file's own terms: cutting writes a
   * subset with the format's writer, the language server finds the layer a node came from. Every
   * node's `origin` indexes into it.
   */
  source: FormatSource;
}

export interface OpenOptions {
  /** A weights file the user named; otherwise readers look beside the model. */
  weights?: string;
  /** Skip looking for weights beside the model. */
  noWeights?: boolean;
  /**
   * The text of a text model (prototxt) as an editor holds it, unsaved changes included: read
   * instead of the file, while weights are still found beside the file.
   */
  text?: string;
  /** Where files are read from; the local disk when absent. */
  fs?: FileAccess;
  /** Indexes kept across reads (a ModelService's); a fresh set when absent. */
  caches?: ReaderCaches;
  /**
   * Read a text model past its syntax errors (an editor's text being typed): each becomes a
   * `caffe.syntax` warning and the model holds what did parse. Without it the first is thrown.
   */
  recover?: boolean;
}
