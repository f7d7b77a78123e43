// The chip's tensor layouts turned into the framework's NCHW, a block at a time so that a big
// tensor is never held whole. NC1HWC0 keeps channels in blocks of C0 (the last block padded):
// one (n, c1) block of H×W×C0 values is exactly the NCHW run of channels c1·C0 … c1·C0+C0-1 of
// image n, so blocks convert in file order. NHWC converts an image at a time.

/** How many real channels an NC1HWC0 tensor holds: `channels` (the golden tensor's or the model's) when it fits the blocks, else all C1×C0. */
export function nc1hwc0Channels(c1: number, c0: number, channels: number | undefined): number {
  return channels !== undefined && channels > 0 && channels <= c1 * c0 && channels > (c1 - 1) * c0 ? channels : c1 * c0;
}

/** One (n, c1) block (H×W×C0 values) as its first `lanes` channels in C×H×W order. */
export function nc1hwc0BlockToNchw(block: Float32Array, h: number, w: number, c0: number, lanes: number, out: Float32Array = new Float32Array(lanes * h * w)): Float32Array {
  const plane = h * w;
  for (let k = 0; k < lanes; k++) {
    const base = k * plane;
    for (let p = 0; p < plane; p++) out[base + p] = block[p * c0 + k];
  }
  return out;
}

/** One image (H×W×C values) in C×H×W order. */
export function nhwcImageToNchw(image: Float32Array, h: number, w: number, c: number, out: Float32Array = new Float32Array(h * w * c)): Float32Array {
  const plane = h * w;
  for (let p = 0; p < plane; p++) for (let k = 0; k < c; k++) out[k * plane + p] = image[p * c + k];
  return out;
}
