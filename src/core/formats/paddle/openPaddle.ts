// The Paddle door of openModel: recognise Paddle files by name and content, read the program,
// find its weights (combined `.pdiparams` / `params`, or one file per var beside `__model__`),
// and turn everything into an OpenedModel. Training checkpoints and encrypted programs are
// explained rather than misread.

import * as path from 'node:path';
import { ModelFormatError, atByte, wholeFile } from '../../errors';
import { exists, isDirectory, isFile, withOpenFile } from '../../io/fileAccess';
import { readHead } from '../../io/readHead';
import { t } from '../../l10n';
import type { ModelWarning, OpenedModel, OpenOptions } from '../../model';
import type { FolderPick, ModelFormat } from '../format';
import { toReadContext, type ReadContext } from '../readContext';
import { checkpointKind, checkpointMessage, exportAdvice, pickleProtocol } from './checkpointDetect';
import { indexCombinedParams, indexSeparateParams, varsByName, type ParamsIndex } from './paramsIndex';
import { savedVarNames } from './persistables';
import { looksLikePirProgram, openPirModel } from './pirFormat';
import { buildProgramGraph } from './programGraph';
import { looksLikeProgram, readProgramFile } from './programReader';
import type { ProgramDesc } from './programTypes';

const PADDLE_EXTENSIONS = /\.(pdmodel|pdiparams|pdparams|pdopt)$/i;

export function sniffPaddle(file: string, head: Uint8Array): boolean {
  const base = path.basename(file);
  if (PADDLE_EXTENSIONS.test(base) || base === '__model__' || base === 'model' || base === '__params__') return true;
  return looksLikeProgram(head);
}

export const paddleFormat: ModelFormat = {
  id: 'paddle',
  sniff: sniffPaddle,
  pickInFolder: pickPaddleInFolder,
  open: openPaddleModel,
};

/** A Paddle model folder opens as its program: `__model__`, then a `*.pdmodel`, then `model`. */
async function pickPaddleInFolder(folder: string, names: readonly string[]): Promise<FolderPick | undefined> {
  const programs = names.filter((n) => n.toLowerCase().endsWith('.pdmodel')).sort();
  const pick = names.find((n) => n === '__model__') ?? programs[0] ?? names.find((n) => n === 'model');
  if (!pick) return undefined;
  return { file: path.join(folder, pick), others: programs.filter((n) => n !== pick) };
}

/** Which program file to read when the user opened `file`, and the weights that file implies. */
async function resolveProgram(file: string, context: ReadContext): Promise<{ program: string; impliedWeights?: string; pir?: boolean }> {
  const base = path.basename(file);
  if (/\.(pdparams|pdopt)$/i.test(base)) {
    const head = await withOpenFile(context.fs, file, (source) => source.read(0, 16));
    const protocol = pickleProtocol(head);
    const detail =
      protocol !== undefined
        ? checkpointMessage(protocol, checkpointKind(base))
        : t('a {0} file holds training state, not an inference program. {1}', path.extname(base), exportAdvice());
    throw new ModelFormatError(file, atByte(0), detail);
  }
  if (/\.pdiparams$/i.test(base)) {
    const program = file.replace(/\.pdiparams$/i, '.pdmodel');
    // Paddle 3 writes the program beside it as `<prefix>.json` (PIR) instead.
    const pir = file.replace(/\.pdiparams$/i, '.json');
    if (!(await exists(context.fs, program)) && (await isFile(context.fs, pir)) && looksLikePirProgram(await readHead(context.fs, pir))) {
      return { program: pir, impliedWeights: file, pir: true };
    }
    if (!(await exists(context.fs, program))) {
      throw new ModelFormatError(file, wholeFile, t('this is a weights file; its program {0} is not beside it, and weights alone cannot be shown', path.basename(program)));
    }
    return { program, impliedWeights: file };
  }
  // `__params__` / `params`: the combined weights of `__model__` / `model` (save_inference_model
  // with a params_filename); opening them opens their program.
  if (base === '__params__' && (await exists(context.fs, path.join(path.dirname(file), '__model__')))) {
    return { program: path.join(path.dirname(file), '__model__'), impliedWeights: file };
  }
  if (base === 'params' && (await exists(context.fs, path.join(path.dirname(file), 'model')))) {
    return { program: path.join(path.dirname(file), 'model'), impliedWeights: file };
  }
  return { program: file };
}

function formatOf(base: string): string {
  if (base === '__model__') return '__model__';
  if (base === 'model') return 'model';
  return 'pdmodel';
}

/** Stems that exporters give every model; the folder says more about which model it is. */
const GENERIC_STEMS = new Set(['__model__', 'model', 'inference']);

function nameOf(program: string): string {
  const stem = path.parse(path.basename(program)).name;
  if (GENERIC_STEMS.has(stem) || GENERIC_STEMS.has(path.basename(program))) return path.basename(path.dirname(path.resolve(program)));
  return stem;
}

/**
 * Weights beside the program: `x.pdiparams` for `x.pdmodel`, `params` for `model`; for
 * `__model__`, a combined `__params__` (save_inference_model with params_filename, as
 * PaddleHub and Paddle-Lite models ship) when there is one, else one file per var in the folder.
 */
async function besideWeights(program: string, context: ReadContext): Promise<string> {
  const dir = path.dirname(program);
  const base = path.basename(program);
  if (base === '__model__') return (await exists(context.fs, path.join(dir, '__params__'))) ? path.join(dir, '__params__') : dir;
  if (base === 'model') return path.join(dir, 'params');
  return path.join(dir, `${path.parse(base).name}.pdiparams`);
}

async function loadWeights(program: ProgramDesc, weights: string, context: ReadContext): Promise<ParamsIndex | undefined> {
  const names = savedVarNames(program);
  const vars = varsByName(program);
  if (await isDirectory(context.fs, weights)) {
    const index = await indexSeparateParams(weights, names, vars, context.fs);
    return index.store.entries.length > 0 ? index : undefined;
  }
  if (!(await exists(context.fs, weights))) return undefined;
  return indexCombinedParams(weights, names, vars, context.fs);
}

export async function openPaddleModel(file: string, openOptions: OpenOptions = {}): Promise<OpenedModel> {
  const options = toReadContext(openOptions);
  const { program: programFile, impliedWeights, pir } = await resolveProgram(file, options);
  if (pir) return openPirModel(programFile, { ...options, weights: options.weights ?? impliedWeights });
  const program = await readProgramFile(programFile, options.fs);
  const warnings: ModelWarning[] = [];

  let index: ParamsIndex | undefined;
  if (!options.noWeights) {
    const weights = options.weights ?? impliedWeights ?? (await besideWeights(programFile, options));
    index = await loadWeights(program, weights, options);
    if (options.weights && !index) {
      throw new ModelFormatError(options.weights, wholeFile, t('the weights named for this model cannot be found or hold none of its parameters'));
    }
    if (index) warnings.push(...index.warnings);
    else if (savedVarNames(program).length > 0) {
      warnings.push({
        file: programFile,
        place: wholeFile,
        code: 'paddle.no-weights',
        message:
          path.basename(programFile) === '__model__'
            ? t('no weights found (looked for one file per parameter beside {0}); showing the graph only', '__model__')
            : t('no weights found (looked for {0}); showing the graph only', path.basename(weights)),
      });
    }
  }

  const summary = buildProgramGraph(program, { file: programFile, hasWeight: index ? (name) => index!.store.has(name) : undefined });
  return {
    framework: 'paddle',
    format: formatOf(path.basename(programFile)),
    name: nameOf(programFile),
    file: programFile,
    graph: summary.graph,
    inputs: summary.inputs,
    outputs: summary.outputs,
    params: summary.params,
    weights: index?.store,
    warnings: [...summary.warnings, ...warnings],
    source: { format: 'paddle', kind: 'program', program, params: index },
  };
}
