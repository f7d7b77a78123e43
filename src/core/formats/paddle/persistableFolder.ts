// A folder of Paddle tensors saved one file per variable with no program beside them: what
// `fluid.io.save_persistables` writes, and what PaddleClas's guide calls a checkpoint. There is no
// graph to draw, so it opens as its variables (name, dtype, shape, read from each file's header)
// with a warning that says what it is and the command that turns it into an inference model.

import * as path from 'node:path';
import { ModelFormatError, wholeFile } from '../../errors';
import { ByteSource } from '../../io/byteSource';
import { FileAccessError, type FileAccess } from '../../io/fileAccess';
import { readHead } from '../../io/readHead';
import { t } from '../../l10n';
import type { OpenedModel, TensorSummary } from '../../model';
import type { FolderPick, ModelFormat } from '../format';
import type { ReadContext } from '../readContext';
import { compareNames } from './persistables';
import { readTensorRecord } from './tensorRecord';
import { PaddleWeightStore, type PaddleWeightEntry } from './weightStore';

/** How many of the folder's files are looked at: enough to tell, cheap for a folder of thousands. */
const SAMPLED_FILES = 5;
/** Headers read at a time, as for a program's per-variable weights. */
const FILES_AT_ONCE = 8;
/** A checkpoint of more variables than this is listed up to it (a crafted folder of millions of files). */
export const MAX_LISTED_VARIABLES = 100_000;

/** Files that start like a Paddle tensor record: version 0, a LoD level count, tensor version 0. */
async function looksLikeTensorFile(fs: FileAccess, file: string): Promise<boolean> {
  try {
    const head = await readHead(fs, file, 16);
    if (head.length < 16) return false;
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    return view.getUint32(0, true) === 0 && view.getUint32(8, true) === 0 && view.getUint32(4, true) < 64;
  } catch {
    return false;
  }
}

/** What to run instead: PaddleClas's exporter with this folder, or Paddle's own API from the training code. */
export function persistablesAdvice(folder: string, count: number): string {
  return t(
    'this folder holds the weights of {0} variables saved one file per variable (fluid.io.save_persistables, a training checkpoint), but no program (__model__, *.pdmodel or inference.json): there is no graph to draw, and bmpaddle cannot compile it. Export an inference model from it, with PaddleClas: {1}, or from the training code with {2}.',
    count,
    `python tools/export_model.py --m=<model name> --p=${folder} --o=<output folder>`,
    'paddle.static.save_inference_model(path_prefix, feed_vars, fetch_vars, exe)',
  );
}

/** One variable file's header, or undefined when the file is no tensor record (it is then left out). */
async function readVariable(fs: FileAccess, file: string, key: string): Promise<PaddleWeightEntry | undefined> {
  let source: ByteSource;
  try {
    source = new ByteSource(await fs.open(file));
  } catch (e) {
    if (e instanceof FileAccessError) return undefined;
    throw e;
  }
  try {
    const record = await readTensorRecord(source, 0);
    return { key, dtype: record.dtype, shape: record.dims, file, offset: record.dataOffset, byteLength: record.byteLength, recordOffset: 0, lodLevels: record.lodLevels };
  } catch (e) {
    if (e instanceof ModelFormatError) return undefined;
    throw e;
  } finally {
    await source.close();
  }
}

export async function openPersistableFolder(folder: string, context: ReadContext): Promise<OpenedModel> {
  const all = (await context.fs.list(folder)).filter((n) => !n.startsWith('.')).sort(compareNames);
  const names = all.slice(0, MAX_LISTED_VARIABLES);
  const found: (PaddleWeightEntry | undefined)[] = new Array(names.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < names.length; i = next++) found[i] = await readVariable(context.fs, path.join(folder, names[i]), names[i]);
  };
  await Promise.all(Array.from({ length: Math.min(FILES_AT_ONCE, names.length) }, worker));
  const entries = found.filter((e): e is PaddleWeightEntry => e !== undefined);
  if (entries.length === 0) throw new ModelFormatError(folder, wholeFile, t('the folder holds no model: no __model__, *.pdmodel, model, Paddle 3 program (inference.json), *.prototxt or *.caffemodel file'));
  const variables: TensorSummary[] = entries.map((e) => ({ name: e.key, shape: e.shape, dtype: e.dtype }));
  const warnings = [{ file: folder, place: wholeFile, code: 'paddle.persistables', message: persistablesAdvice(folder, entries.length) }];
  const skipped = names.length - entries.length;
  if (skipped > 0) warnings.push({ file: folder, place: wholeFile, code: 'paddle.persistables-other-files', message: t('{0} files of the folder are not Paddle tensors and are not listed', skipped) });
  if (all.length > names.length) warnings.push({ file: folder, place: wholeFile, code: 'paddle.persistables-cut', message: t('the folder holds {0} files; the first {1} are listed', all.length, names.length) });
  const store = new PaddleWeightStore(context.fs, entries.map((e) => e.file), entries);
  return {
    framework: 'paddle',
    format: 'persistables',
    name: path.basename(path.resolve(folder)),
    file: folder,
    graph: { nodes: [], tensors: Object.create(null), inputs: [], outputs: [] },
    inputs: [],
    outputs: [],
    params: variables.map((v) => v.name),
    variables,
    weights: store,
    warnings,
    source: { format: 'paddle-persistables', kind: 'folder', store },
  };
}

export const paddlePersistableFolderFormat: ModelFormat = {
  id: 'paddle-persistables',
  // Only ever a folder: no single file is one.
  sniff: () => false,
  async pickInFolder(folder, names, context): Promise<FolderPick | undefined> {
    const sample = names.filter((n) => !n.startsWith('.')).slice(0, SAMPLED_FILES);
    if (sample.length === 0) return undefined;
    const tensors = await Promise.all(sample.map((n) => looksLikeTensorFile(context.fs, path.join(folder, n))));
    return tensors.every(Boolean) ? { file: folder, others: [] } : undefined;
  },
  open: openPersistableFolder,
};
