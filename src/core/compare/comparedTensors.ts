// The two tensors of one compared row as float32, whole, for its detail (tensorDetail.ts),
// through the engine's readWholeTensor. The row names its files as the engine found them
// (absolute) or relative to the results file's folder (a result moved with its dumps). The NPU
// side is the output the row's tensor names (`op:output:N`), in NCHW with the golden tensor's
// channel count, as the engine compared it.

import * as path from 'node:path';
import type { FileAccess } from '../io/fileAccess';
import { t } from '../l10n';
import type { CompareRow } from './compareResult';
import { readWholeTensor } from './readTensor';

export interface ComparedTensors {
  npu: Float32Array;
  golden: Float32Array;
}

/** Where a row's file is: as written when absolute, else beside the results file. */
export function rowFile(resultsFolder: string, file: string): string {
  return path.isAbsolute(file) ? file : path.join(resultsFolder, file);
}

export async function readComparedTensors(fs: FileAccess, resultsFolder: string, row: CompareRow): Promise<ComparedTensors> {
  if (row.npuFile === null || row.goldenFile === null) throw new Error(t('the row {0} names no NPU or no golden file', row.tensor));
  const golden = await readWholeTensor(fs, rowFile(resultsFolder, row.goldenFile));
  const output = /:output:(\d+)$/.exec(row.tensor);
  const npu = await readWholeTensor(fs, rowFile(resultsFolder, row.npuFile), {
    outputIndex: output ? Number(output[1]) : 0,
    channels: golden.shape.length === 4 ? golden.shape[1] : undefined,
  });
  return { npu: npu.data, golden: golden.data };
}
