// The local folder a comparison job leaves beside the model, whichever vendor's tool made it:
// its name (compare-<model>-<local time>, numbered when taken), the log it keeps (the end of the
// tool's output, where the verdict is) and the CompareResult as compare.json, what the results
// view opens.
import * as path from 'node:path';
import { writeFileAtomic } from '../io/atomicWrite';
import type { CompareResult } from './compareResult';

/** The log kept in the result folder; bigger logs keep their end, where the verdict is. */
const MAX_LOG_CHARS = 8 * 1024 * 1024;

/** `log` with `text` added, cut to its last MAX_LOG_CHARS characters. */
export function keepLogEnd(log: string, text: string): string {
  return (log + text).slice(-MAX_LOG_CHARS);
}

/** The result folder's name for `model`; `n` > 0 when an earlier one took the plain name. */
export function resultFolderName(model: string, now: Date, n: number): string {
  return `compare-${path.basename(model, path.extname(model))}-${stampOf(now)}${n === 0 ? '' : `-${n}`}`;
}

export function writeResultJson(folder: string, result: CompareResult): Promise<void> {
  return writeFileAtomic(path.join(folder, 'compare.json'), `${JSON.stringify(result, null, 1)}\n`);
}

function stampOf(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}
