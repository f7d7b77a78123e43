// The two tensors of one compared row as float32, for its detail (tensorDetail.ts). The row
// names its files relative to the results file's folder (or absolute). The dump and golden
// readers are the comparison engine's (readWholeTensor in readTensor.ts, issue 18 §1); this is
// the one place that calls them, and until they are merged here it says so in one line.

import * as path from 'node:path';
import { ModelFormatError, wholeFile } from '../errors';
import type { FileAccess } from '../io/fileAccess';
import { t } from '../l10n';
import type { CompareRow } from './compareResult';

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
  const npuFile = rowFile(resultsFolder, row.npuFile);
  // Both files must be there before anything is read: a moved results file is told at once.
  await fs.stat(npuFile);
  await fs.stat(rowFile(resultsFolder, row.goldenFile));
  throw new ModelFormatError(npuFile, wholeFile, t('reading dump files for the detail needs the comparison engine, which this build does not have yet'));
}
