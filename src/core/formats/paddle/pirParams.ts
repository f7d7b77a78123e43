// The weights of a PIR program. `save_inference_model` writes `<prefix>.pdiparams`: the same
// LoDTensor records as Paddle 2's combined file, back to back, no names, in the order of the
// persistable parameters' names sorted (Paddle's predictor sorts the top block's parameter names
// with std::string `<`, i.e. by UTF-8 bytes). With `separate_parameters` every parameter is a
// file named after it. Both are indexed lazily by the legacy reader's walkers; each record is then
// checked against the dtype and dims the program gives its parameter.

import { atByte } from '../../errors';
import type { FileAccess } from '../../io/fileAccess';
import { isDirectory, exists } from '../../io/fileAccess';
import { t } from '../../l10n';
import type { ModelWarning } from '../../model';
import { indexCombinedParams, indexSeparateParams, type ParamsIndex } from './paramsIndex';
import type { PirProgram } from './pirProgram';
import type { PirType } from './pirTypes';

/** Maps UTF-16 code units so that comparing them orders strings by code point (= by UTF-8 bytes). */
function codePointRank(unit: number): number {
  // Surrogates (D800-DFFF) encode code points above FFFF: they must sort after E000-FFFF.
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** The persistable parameters of the top block, as the weights file orders its records. */
export function savedParameters(program: PirProgram): { name: string; type: PirType }[] {
  const byName = new Map<string, PirType>();
  for (const op of program.blocks[0]?.ops ?? []) {
    if (op.parameter?.persistable && !byName.has(op.parameter.name)) byName.set(op.parameter.name, op.results[0].type);
  }
  return [...byName.keys()].sort(compareCodePoints).map((name) => ({ name, type: byName.get(name)! }));
}

/** Indexes `weights` (a combined file, or a folder of per-parameter files); undefined when there is nothing there. */
export async function indexPirWeights(program: PirProgram, weights: string, fs: FileAccess): Promise<ParamsIndex | undefined> {
  const saved = savedParameters(program);
  const names = saved.map((p) => p.name);
  let index: ParamsIndex;
  if (await isDirectory(fs, weights)) {
    index = await indexSeparateParams(weights, names, undefined, fs);
    if (index.store.entries.length === 0) return undefined;
  } else {
    if (!(await exists(fs, weights))) return undefined;
    index = await indexCombinedParams(weights, names, undefined, fs);
  }
  const types = new Map(saved.map((p) => [p.name, p.type]));
  for (const entry of index.store.entries) checkAgainstProgram(entry, types.get(entry.key), index.warnings);
  return index;
}

function checkAgainstProgram(
  entry: { key: string; file: string; dtype: string; shape: number[]; recordOffset: number },
  type: PirType | undefined,
  warnings: ModelWarning[],
): void {
  if (!type) return;
  const place = atByte(entry.recordOffset);
  // -1 in the program means "decided at run time"; only fixed dims can disagree.
  const dims = type.dims;
  if (dims && !(dims.length === entry.shape.length && dims.every((d, i) => d < 0 || d === entry.shape[i]))) {
    warnings.push({ file: entry.file, place, code: 'paddle.params-shape', message: t('{0}: the weights hold shape [{1}] but the program declares [{2}]', entry.key, entry.shape.join(', '), dims.join(', ')) });
  }
  if (type.dtype && type.dtype !== entry.dtype) {
    warnings.push({ file: entry.file, place, code: 'paddle.params-dtype', message: t('{0}: the weights hold {1} but the program declares {2}', entry.key, entry.dtype, type.dtype) });
  }
}
