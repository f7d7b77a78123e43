// The Paddle 3 PIR door of openModel: a `.json` program (`inference.json`, `model.json`,
// `__model__.json`) recognised by its first bytes, read with its weights (`<prefix>.pdiparams`,
// or one file per parameter beside `__model__.json`) into an OpenedModel like any other.

import * as path from 'node:path';
import { ModelFormatError, wholeFile } from '../../errors';
import { readHead } from '../../io/readHead';
import { t } from '../../l10n';
import type { ModelWarning, OpenedModel } from '../../model';
import type { FolderPick, ModelFormat } from '../format';
import type { ReadContext } from '../readContext';
import type { ParamsIndex } from './paramsIndex';
import { buildPirGraph } from './pirGraph';
import { indexPirWeights, savedParameters } from './pirParams';
import { readPirProgramFile } from './pirProgram';

/** Bytes looked at when sniffing: the magic is in the first object, even when indented. */
const SNIFF_CHARS = 512;

/** Paddle's serializer starts every program with `{"base_code":{"magic":"pir"` (keys sorted), indented or not. */
export function looksLikePirProgram(head: Uint8Array): boolean {
  const text = new TextDecoder('latin1').decode(head.subarray(0, SNIFF_CHARS)).replace(/\s+/g, '');
  return /^\{"base_code":\{[^}]*"magic":"pir"/.test(text);
}

/** Folder entries tried first, in this order; other `.json` files after them. */
const PROGRAM_NAMES = ['inference.json', 'model.json', '__model__.json'];
/** How many `.json` files of a folder are sniffed: a folder of thousands of JSON files is not read through. */
const SNIFFED_FILES = 16;

async function pickPirInFolder(folder: string, names: readonly string[], context: ReadContext): Promise<FolderPick | undefined> {
  const json = names.filter((n) => n.toLowerCase().endsWith('.json'));
  const ordered = [...PROGRAM_NAMES.filter((n) => json.includes(n)), ...json.filter((n) => !PROGRAM_NAMES.includes(n)).sort()];
  const programs: string[] = [];
  for (const name of ordered.slice(0, SNIFFED_FILES)) {
    try {
      if (looksLikePirProgram(await readHead(context.fs, path.join(folder, name), SNIFF_CHARS))) programs.push(name);
    } catch {
      // Unreadable entries (a folder named x.json, no permission) are not programs.
    }
  }
  if (programs.length === 0) return undefined;
  return { file: path.join(folder, programs[0]), others: programs.slice(1) };
}

/** Stems exporters give every program; the folder says more about which model it is. */
const GENERIC_STEMS = new Set(['inference', 'model', '__model__']);

function nameOf(file: string): string {
  const stem = path.parse(path.basename(file)).name;
  return GENERIC_STEMS.has(stem) ? path.basename(path.dirname(path.resolve(file))) : stem;
}

/** `x.pdiparams` beside `x.json`; for `__model__.json` (separate_parameters) the folder of per-parameter files. */
function besideWeights(file: string): string {
  const dir = path.dirname(file);
  const stem = path.parse(path.basename(file)).name;
  return stem === '__model__' ? dir : path.join(dir, `${stem}.pdiparams`);
}

export async function openPirModel(file: string, context: ReadContext): Promise<OpenedModel> {
  const program = await readPirProgramFile(file, context.fs);
  const warnings: ModelWarning[] = [];
  let index: ParamsIndex | undefined;
  if (!context.noWeights) {
    const weights = context.weights ?? besideWeights(file);
    index = await indexPirWeights(program, weights, context.fs);
    if (context.weights && !index) {
      throw new ModelFormatError(context.weights, wholeFile, t('the weights named for this model cannot be found or hold none of its parameters'));
    }
    if (index) warnings.push(...index.warnings);
    else if (savedParameters(program).length > 0) {
      warnings.push({ file, place: wholeFile, code: 'paddle.no-weights', message: t('no weights found (looked for {0}); showing the graph only', path.basename(weights)) });
    }
  }
  const summary = buildPirGraph(program, { file, hasWeight: index ? (name) => index!.store.has(name) : undefined });
  return {
    framework: 'paddle',
    format: 'pir',
    name: nameOf(file),
    file,
    graph: summary.graph,
    inputs: summary.inputs,
    outputs: summary.outputs,
    params: summary.params,
    weights: index?.store,
    warnings: [...summary.warnings, ...warnings],
    source: { format: 'paddle-pir', kind: 'program', program, params: index },
  };
}

export const paddlePirFormat: ModelFormat = {
  id: 'paddle-pir',
  sniff: (_file, head) => looksLikePirProgram(head),
  pickInFolder: pickPirInFolder,
  open: openPirModel,
};
