// Encodes a whole NetParameter held in memory (settings and blob values) as a binary caffemodel,
// with protobufjs. For nets the project makes itself (samples, fixtures); models read from disk
// are rewritten by caffemodelWriter, which copies their bytes instead.

import { writeFileAtomic } from '../../io/atomicWrite';
import { protobufType } from './binarySettings';

export interface BlobData {
  shape: number[];
  data: Float32Array;
}

/** A layer as protobufjs takes it: caffe.proto field names, blobs with their values. */
export interface LayerData {
  name: string;
  type: string;
  bottom?: string[];
  top?: string[];
  blobs?: BlobData[];
  [param: string]: unknown;
}

export function encodeCaffemodel(name: string, layers: readonly LayerData[]): Uint8Array {
  const NetParameter = protobufType('NetParameter');
  const message = {
    name,
    layer: layers.map(({ blobs, ...settings }) => ({
      ...settings,
      blobs: (blobs ?? []).map((b) => ({ shape: { dim: b.shape }, data: Array.from(b.data) })),
    })),
  };
  // fromObject, not verify: it takes enum names as prototxt writes them ('MAX').
  return NetParameter.encode(NetParameter.fromObject(message)).finish();
}

export async function writeCaffemodelFromData(target: string, name: string, layers: readonly LayerData[]): Promise<void> {
  await writeFileAtomic(target, encodeCaffemodel(name, layers));
}
