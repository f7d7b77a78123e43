// The per-format handle an OpenedModel keeps on what was read: the prototxt document, the
// caffemodel index, the ProgramDesc with its weights index. Node origins index into these.

import type { CaffeLayer } from './caffe/caffeNet';
import type { CaffemodelIndex } from './caffe/caffemodelIndex';
import type { ProtoMessage } from './caffe/protoMessage';
import type { TextLayout } from './caffe/textLayout';
import type { ParamsIndex } from './paddle/paramsIndex';
import type { PirProgram } from './paddle/pirProgram';
import type { ProgramDesc } from './paddle/programTypes';
import type { PaddleWeightStore } from './paddle/weightStore';

export interface CaffeTextSource {
  format: 'caffe';
  kind: 'prototxt';
  /** The file the layers were read from (a solver's net file, when a solver was opened). */
  file: string;
  net: ProtoMessage;
  layout: TextLayout;
  /** In file order; a node's origin `{ kind: 'layer', index }` indexes here. */
  layers: CaffeLayer[];
  /** The caffemodel paired with the text, when one was found. */
  weights?: CaffemodelIndex;
}

export interface CaffemodelSource {
  format: 'caffe';
  kind: 'caffemodel';
  index: CaffemodelIndex;
  layers: CaffeLayer[];
}

export interface PaddleProgramSource {
  format: 'paddle';
  kind: 'program';
  program: ProgramDesc;
  params?: ParamsIndex;
}

/** A Paddle 3 PIR program (JSON) and its weights index. */
export interface PaddlePirSource {
  format: 'paddle-pir';
  kind: 'program';
  program: PirProgram;
  params?: ParamsIndex;
}

/** A folder of per-variable Paddle tensors without a program (a checkpoint): only its variables. */
export interface PaddlePersistablesSource {
  format: 'paddle-persistables';
  kind: 'folder';
  store: PaddleWeightStore;
}

export type FormatSource = CaffeTextSource | CaffemodelSource | PaddleProgramSource | PaddlePirSource | PaddlePersistablesSource;
