// A tensor of an NPU dump as the numbers an offline model is fed: float32 in the framework's
// NCHW order. The chip stores a layer's input in its own layout; NCHW, ND and NHWC are
// rearranged here, NC1HWC0 (channels in blocks of C0, the last block padded) too, as the Ascend
// guide's shape_conversion.py does. Other layouts (the FRACTAL ones are for weights) are refused
// with the reason, as a warning.

import { nc1hwc0BlockToNchw, nc1hwc0Channels, nhwcImageToNchw } from '../compare/deviceLayout';
import { t } from '../l10n';
import { npyAsFloat32, NpyError } from './npy';
import { FORMAT_NC1HWC0, FORMAT_NCHW, FORMAT_ND, FORMAT_NHWC, npuDtypeDescr, type NpuDumpTensor } from './npuDump';

export interface NpuInputValues {
  values: Float32Array;
  shape: number[];
}

/**
 * The values of `tensor` (its bytes are `data`) in NCHW; `modelShape` (the input's inferred
 * shape, when known) gives the channel count an NC1HWC0 tensor pads. A string is why not.
 */
export function npuTensorAsNchw(tensor: NpuDumpTensor, data: Uint8Array, modelShape: readonly number[] | undefined): NpuInputValues | string {
  const descr = npuDtypeDescr(tensor.dataType);
  if (!descr) return t('data type {0} of the dump is not converted', tensor.dataType);
  const shape = tensor.shape;
  const count = shape.reduce((a, b) => a * b, 1);
  const size = Number(descr.slice(2));
  if (count * size !== data.length) return t('the dump gives shape [{0}] but holds {1} bytes', shape.join(', '), data.length);
  let flat: Float32Array;
  try {
    flat = npyAsFloat32({ descr, shape, fortranOrder: false, data });
  } catch (e) {
    if (e instanceof NpyError) return e.message;
    throw e;
  }
  switch (tensor.format) {
    case FORMAT_NCHW:
    case FORMAT_ND:
      return { values: flat, shape: [...shape] };
    case FORMAT_NHWC:
      return shape.length === 4 ? nhwcToNchw(flat, shape) : { values: flat, shape: [...shape] };
    case FORMAT_NC1HWC0:
      if (shape.length !== 5) return t('an NC1HWC0 tensor of shape [{0}] is not 5-dimensional', shape.join(', '));
      return nc1hwc0ToNchw(flat, shape, modelShape);
    default:
      return t('layout {0} of the dump is not converted (NCHW, NHWC, ND and NC1HWC0 are)', tensor.format);
  }
}

function nhwcToNchw(src: Float32Array, [n, h, w, c]: readonly number[]): NpuInputValues {
  const out = new Float32Array(src.length);
  const image = h * w * c;
  for (let b = 0; b < n; b++) nhwcImageToNchw(src.subarray(b * image, (b + 1) * image), h, w, c, out.subarray(b * image, (b + 1) * image));
  return { values: out, shape: [n, c, h, w] };
}

function nc1hwc0ToNchw(src: Float32Array, [n, c1, h, w, c0]: readonly number[], modelShape: readonly number[] | undefined): NpuInputValues {
  const c = nc1hwc0Channels(c1, c0, modelShape?.length === 4 ? modelShape[1] : undefined);
  const out = new Float32Array(n * c * h * w);
  const block = h * w * c0;
  for (let b = 0; b < n; b++)
    for (let k1 = 0; k1 < c1; k1++) {
      const lanes = Math.min(c0, c - k1 * c0);
      if (lanes <= 0) break;
      const at = (b * c + k1 * c0) * h * w;
      const from = (b * c1 + k1) * block;
      nc1hwc0BlockToNchw(src.subarray(from, from + block), h, w, c0, lanes, out.subarray(at, at + lanes * h * w));
    }
  return { values: out, shape: [n, c, h, w] };
}
