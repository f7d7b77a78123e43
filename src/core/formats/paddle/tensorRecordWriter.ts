// Serialises fresh tensors (not copied from an indexed file) as Paddle's LoDTensor records, the
// inverse of tensorRecord.ts: for sample models and test fixtures the project makes itself.

import { writeFileAtomic } from '../../io/atomicWrite';
import { compareNames } from './persistables';
import { TensorDescType, encodePlain } from './protoCodec';

export interface TensorData {
  name: string;
  /** VarType.Type number of the element type (5 = FP32). */
  dataType: number;
  dims: number[];
  /** Raw little-endian element bytes. */
  data: Uint8Array;
}

export function encodeTensorRecord(tensor: TensorData): Uint8Array {
  const desc = encodePlain(TensorDescType, { data_type: tensor.dataType, dims: tensor.dims });
  const out = new Uint8Array(4 + 8 + 4 + 4 + desc.length + tensor.data.length);
  const view = new DataView(out.buffer);
  // version 0, lod_level 0 (no LoD levels follow), tensor version 0, desc size, desc, data.
  view.setUint32(0, 0, true);
  view.setBigUint64(4, 0n, true);
  view.setUint32(12, 0, true);
  view.setInt32(16, desc.length, true);
  out.set(desc, 20);
  out.set(tensor.data, 20 + desc.length);
  return out;
}

/** A combined `.pdiparams`: records in the sorted-name order Paddle's loader walks. */
export async function writeCombinedParamsFromData(target: string, tensors: readonly TensorData[]): Promise<void> {
  const sorted = [...tensors].sort((a, b) => compareNames(a.name, b.name));
  const records = sorted.map(encodeTensorRecord);
  const out = new Uint8Array(records.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const r of records) {
    out.set(r, at);
    at += r.length;
  }
  await writeFileAtomic(target, out);
}
