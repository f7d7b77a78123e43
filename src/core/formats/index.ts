// The registry of model formats, asked in this order: Paddle first (its programs are sniffed by
// content and a Caffe binary sniff is looser), then Paddle 3 PIR, then Caffe.

import { caffeFormat } from './caffe/openCaffe';
import type { ModelFormat } from './format';
import { paddleFormat } from './paddle/openPaddle';
import { paddlePirFormat } from './paddle/pirFormat';

export const modelFormats: readonly ModelFormat[] = [paddleFormat, paddlePirFormat, caffeFormat];

export type { ModelFormat, FolderPick } from './format';
