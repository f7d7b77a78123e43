// Finds every parameter tensor of a program in its weights without loading any data: either the
// combined file (`*.pdiparams`, or `params` beside `model`), which is the records of the
// persistable LoDTensor vars back to back in sorted-name order, or one file per var beside
// `__model__`. Disagreements with the program become warnings that name the var.

import * as path from 'node:path';
import { atByte, wholeFile } from '../../errors';
import { ByteSource, withByteSource } from '../../io/byteSource';
import { FileAccessError, type FileAccess } from '../../io/fileAccess';
import { nodeFileAccess } from '../../io/nodeFileAccess';
import { t } from '../../l10n';
import type { ModelWarning } from '../../model';
import { varDtype, varShape } from './programGraph';
import type { ProgramDesc, VarDesc } from './programTypes';
import { readTensorRecord, type TensorRecord } from './tensorRecord';
import { PaddleWeightStore, type PaddleWeightEntry } from './weightStore';

const SEPARATE_FILES_AT_ONCE = 8;

export interface ParamsIndex {
  store: PaddleWeightStore;
  warnings: ModelWarning[];
  /** Combined file: bytes after the last expected record. */
  trailingBytes: number;
  /** Separate files: expected var files that are not there. */
  missing: string[];
}

export function varsByName(program: ProgramDesc): Map<string, VarDesc> {
  const map = new Map<string, VarDesc>();
  for (const block of program.blocks ?? []) for (const v of block.vars ?? []) if (!map.has(v.name)) map.set(v.name, v);
  return map;
}

function entryFor(key: string, file: string, record: TensorRecord): PaddleWeightEntry {
  return {
    key,
    dtype: record.dtype,
    shape: record.dims,
    file,
    offset: record.dataOffset,
    byteLength: record.byteLength,
    recordOffset: record.recordOffset,
    lodLevels: record.lodLevels,
  };
}

function checkAgainstVar(entry: PaddleWeightEntry, v: VarDesc | undefined, warn: (code: string, offset: number, message: string) => void): void {
  if (!v) return;
  const shape = varShape(v);
  const dtype = varDtype(v);
  // -1 in the program means "decided at run time"; only fixed dims can disagree.
  const fits = !shape || (shape.length === entry.shape.length && shape.every((d, i) => d < 0 || d === entry.shape[i]));
  if (!fits) warn('paddle.params-shape', entry.recordOffset, t('{0}: the weights hold shape [{1}] but the program declares [{2}]', entry.key, entry.shape.join(', '), shape!.join(', ')));
  if (dtype && dtype !== entry.dtype) warn('paddle.params-dtype', entry.recordOffset, t('{0}: the weights hold {1} but the program declares {2}', entry.key, entry.dtype, dtype));
}

/** Walks a combined parameter file, naming the records after `names` (the sorted saved var names). */
export async function indexCombinedParams(file: string, names: readonly string[], vars?: Map<string, VarDesc>, fs: FileAccess = nodeFileAccess): Promise<ParamsIndex> {
  const warnings: ModelWarning[] = [];
  const warn = (code: string, offset: number, message: string) => warnings.push({ file, place: atByte(offset), code, message });
  return withByteSource(fs, file, async (source) => {
    const entries: PaddleWeightEntry[] = [];
    let pos = 0;
    while (entries.length < names.length && pos < source.size) {
      const record = await readTensorRecord(source, pos);
      const entry = entryFor(names[entries.length], file, record);
      checkAgainstVar(entry, vars?.get(entry.key), warn);
      entries.push(entry);
      pos = record.dataOffset + record.byteLength;
    }
    if (entries.length < names.length) {
      const absent = names.slice(entries.length);
      warn(
        'paddle.params-count',
        pos,
        absent.length > 1
          ? t('the weights file holds {0} tensors but the program saves {1}; missing from {2} on ({3} in all)', entries.length, names.length, absent[0], absent.length)
          : t('the weights file holds {0} tensors but the program saves {1}; missing from {2}', entries.length, names.length, absent[0]),
      );
    }
    const trailingBytes = source.size - pos;
    if (trailingBytes > 0) {
      warn('paddle.params-trailing', pos, t('{0} bytes follow the {1} tensors the program saves: the weights may belong to another program', trailingBytes, names.length));
    }
    return { store: new PaddleWeightStore(fs, [file], entries), warnings, trailingBytes, missing: [] };
  });
}

/** A var name is used as a file name; one that would leave the folder is not followed. */
function safeVarFile(dir: string, name: string): string | undefined {
  if (name === '' || path.isAbsolute(name) || name.split(/[\\/]/).some((part) => part === '..')) return undefined;
  return path.join(dir, name);
}


type VarFileResult = { kind: 'entry'; entry: PaddleWeightEntry; warnings: ModelWarning[] } | { kind: 'missing' } | { kind: 'unsafe'; warning: ModelWarning };

async function indexVarFile(fs: FileAccess, dir: string, name: string, v: VarDesc | undefined): Promise<VarFileResult> {
  const file = safeVarFile(dir, name);
  if (!file) {
    return { kind: 'unsafe', warning: { file: dir, place: wholeFile, code: 'paddle.params-name', message: t('var name {0} cannot be a file name in this folder; its weights are not read', JSON.stringify(name)) } };
  }
  let source: ByteSource;
  try {
    source = new ByteSource(await fs.open(file));
  } catch (e) {
    if (!(e instanceof FileAccessError)) throw e;
    if (e.code === 'ENOENT' || e.code === 'EISDIR') return { kind: 'missing' };
    // A name with a NUL, longer than a file name may be, through a file, or a FIFO: this var's
    // weights cannot be read, which says nothing about the others or the program.
    return { kind: 'unsafe', warning: { file: dir, place: wholeFile, code: 'paddle.params-unreadable', message: t('the weights of var {0} cannot be read ({1}); the var is shown without them', JSON.stringify(name), e.code) } };
  }
  const warnings: ModelWarning[] = [];
  let record: TensorRecord;
  try {
    record = await readTensorRecord(source, 0);
  } finally {
    await source.close();
  }
  const entry = entryFor(name, file, record);
  const warn = (code: string, offset: number, message: string) => warnings.push({ file, place: atByte(offset), code, message });
  checkAgainstVar(entry, v, warn);
  const end = record.dataOffset + record.byteLength;
  if (end < source.size) warn('paddle.params-trailing', end, t('{0} bytes follow the tensor {1}', source.size - end, name));
  return { kind: 'entry', entry, warnings };
}

/** Indexes the one-file-per-var layout of Fluid's save_inference_model without a filename. */
export async function indexSeparateParams(dir: string, names: readonly string[], vars?: Map<string, VarDesc>, fs: FileAccess = nodeFileAccess): Promise<ParamsIndex> {
  // A few files at a time: hundreds of small headers, each an open, a read and a close, overlap
  // in the thread pool without opening hundreds of descriptors at once.
  const results: VarFileResult[] = new Array(names.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < names.length; i = next++) results[i] = await indexVarFile(fs, dir, names[i], vars?.get(names[i]));
  };
  await Promise.all(Array.from({ length: Math.min(SEPARATE_FILES_AT_ONCE, names.length) }, worker));
  const warnings: ModelWarning[] = [];
  const entries: PaddleWeightEntry[] = [];
  const missing: string[] = [];
  results.forEach((r, i) => {
    if (r.kind === 'entry') {
      entries.push(r.entry);
      warnings.push(...r.warnings);
    } else if (r.kind === 'missing') missing.push(names[i]);
    else warnings.push(r.warning);
  });
  if (missing.length > 0 && entries.length > 0) {
    warnings.push({
      file: dir,
      place: wholeFile,
      code: 'paddle.params-missing',
      message: t('{0} of {1} parameter files are missing ({2})', missing.length, names.length, missing.slice(0, 3).join(', ') + (missing.length > 3 ? ', …' : '')),
    });
  }
  return { store: new PaddleWeightStore(fs, entries.map((e) => e.file), entries), warnings, trailingBytes: 0, missing };
}
