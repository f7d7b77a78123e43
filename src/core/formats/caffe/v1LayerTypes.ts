// V1 (`layers { type: CONVOLUTION }`) layer types under the names Caffe gives them when it
// upgrades a net (UpgradeV1LayerType in BVLC's upgrade_proto.cpp), so V1 and V2 files show the
// same node types.

const V1_TO_V2: Record<string, string> = {
  NONE: '',
  ABSVAL: 'AbsVal',
  ACCURACY: 'Accuracy',
  ARGMAX: 'ArgMax',
  BNLL: 'BNLL',
  CONCAT: 'Concat',
  CONTRASTIVE_LOSS: 'ContrastiveLoss',
  CONVOLUTION: 'Convolution',
  DECONVOLUTION: 'Deconvolution',
  DATA: 'Data',
  DROPOUT: 'Dropout',
  DUMMY_DATA: 'DummyData',
  EUCLIDEAN_LOSS: 'EuclideanLoss',
  ELTWISE: 'Eltwise',
  EXP: 'Exp',
  FLATTEN: 'Flatten',
  HDF5_DATA: 'HDF5Data',
  HDF5_OUTPUT: 'HDF5Output',
  HINGE_LOSS: 'HingeLoss',
  IM2COL: 'Im2col',
  IMAGE_DATA: 'ImageData',
  INFOGAIN_LOSS: 'InfogainLoss',
  INNER_PRODUCT: 'InnerProduct',
  LRN: 'LRN',
  MEMORY_DATA: 'MemoryData',
  MULTINOMIAL_LOGISTIC_LOSS: 'MultinomialLogisticLoss',
  MVN: 'MVN',
  POOLING: 'Pooling',
  POWER: 'Power',
  RELU: 'ReLU',
  SIGMOID: 'Sigmoid',
  SIGMOID_CROSS_ENTROPY_LOSS: 'SigmoidCrossEntropyLoss',
  SILENCE: 'Silence',
  SOFTMAX: 'Softmax',
  SOFTMAX_LOSS: 'SoftmaxWithLoss',
  SPLIT: 'Split',
  SLICE: 'Slice',
  TANH: 'TanH',
  WINDOW_DATA: 'WindowData',
  THRESHOLD: 'Threshold',
};

/** The V2 type name for a V1 enum name; an unknown name (a fork's number we could not name) stays as it is. */
export function upgradeV1LayerType(v1: string): string {
  return Object.prototype.hasOwnProperty.call(V1_TO_V2, v1) ? V1_TO_V2[v1] : v1;
}

/** Layer types whose tops are fed from outside the net: they count as model inputs. */
export const DATA_LAYER_TYPES: ReadonlySet<string> = new Set([
  'Input', 'Data', 'ImageData', 'HDF5Data', 'MemoryData', 'WindowData', 'DummyData', 'AnnotatedData', 'VideoData', 'Python',
]);

/** A layer's type in V2 spelling, whichever version wrote it: the one place V1 names are upgraded. */
export function layerTypeOf(rawType: unknown, version: 1 | 2): string {
  if (version === 1) return upgradeV1LayerType(typeof rawType === 'string' ? rawType : String(rawType ?? ''));
  return typeof rawType === 'string' ? rawType : '';
}
