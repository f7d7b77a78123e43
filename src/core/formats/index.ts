// The registry of model formats, asked in this order: Paddle first (its programs are sniffed by
// content and a Caffe binary sniff is looser), then Paddle 3 PIR, then Caffe; last, for folders
// only, a Paddle checkpoint of per-variable files without a program.

import { caffeFormat } from './caffe/openCaffe';
import type { ModelFormat } from './format';
import { paddleFormat } from './paddle/openPaddle';
import { paddlePersistableFolderFormat } from './paddle/persistableFolder';
import { paddlePirFormat } from './paddle/pirFormat';

export const modelFormats: readonly ModelFormat[] = [paddleFormat, paddlePirFormat, caffeFormat, paddlePersistableFolderFormat];

export type { ModelFormat, FolderPick } from './format';
