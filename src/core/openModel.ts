// The single door into the readers: resolve a folder to the model in it, sniff a file by name and
// by content against the registry of formats, hand it to that format's reader, and turn anything
// unexpected into one line: a ModelFormatError for bad input, an InternalError for our own bug.

import * as path from 'node:path';
import { InternalError, ModelFormatError, wholeFile } from './errors';
import { FileAccessError } from './io/fileAccess';
import { readHead } from './io/readHead';
import { t } from './l10n';
import type { OpenedModel, OpenOptions } from './model';
import { modelFormats, type ModelFormat } from './formats';
import { toReadContext, type ReadContext } from './formats/readContext';

export async function openModel(file: string, options: OpenOptions = {}): Promise<OpenedModel> {
  const context = toReadContext(options);
  try {
    return await open(file, context);
  } catch (e) {
    throw asReportable(file, e);
  }
}

async function open(file: string, context: ReadContext): Promise<OpenedModel> {
  if (context.text !== undefined) return openText(file, context.text, context);
  const stat = await context.fs.stat(file);
  if (stat.kind === 'directory') return openFolder(file, context);
  if (stat.kind !== 'file') throw new FileAccessError('ENOTREG', file);
  const format = sniff(file, await readHead(context.fs, file));
  if (!format) throw notAModel(file);
  return format.open(file, context);
}

function sniff(file: string, head: Uint8Array, formats: readonly ModelFormat[] = modelFormats): ModelFormat | undefined {
  return formats.find((f) => f.sniff(file, head));
}

/** A text model held in memory (an editor's unsaved prototxt): only text formats apply. */
async function openText(file: string, text: string, context: ReadContext): Promise<OpenedModel> {
  const head = new TextEncoder().encode(text.slice(0, 4096));
  const format = sniff(file, head);
  if (!format?.readsText) throw notAModel(file);
  return format.open(file, context);
}

/** A folder opens as the model the first format finds in it; the others it holds are named. */
async function openFolder(folder: string, context: ReadContext): Promise<OpenedModel> {
  const names = await context.fs.list(folder);
  for (const format of modelFormats) {
    const pick = await format.pickInFolder?.(folder, names, context);
    if (!pick) continue;
    const model = await format.open(pick.file, { ...context, weights: context.weights ?? pick.weights });
    if (pick.others.length > 0) {
      model.warnings.push({
        file: folder,
        place: wholeFile,
        code: 'folder.several-models',
        message: t('the folder holds other models too ({0}); showing {1}', pick.others.join(', '), path.basename(pick.file)),
      });
    }
    return model;
  }
  throw new ModelFormatError(folder, wholeFile, t('the folder holds no model: no __model__, *.pdmodel, model, Paddle 3 program (inference.json), *.prototxt or *.caffemodel file'));
}

/** Bad input stays a ModelFormatError; a refused read becomes one; anything else is our bug. */
function asReportable(file: string, e: unknown): ModelFormatError | InternalError {
  if (e instanceof ModelFormatError || e instanceof InternalError) return e;
  if (e instanceof FileAccessError) return new ModelFormatError(e.path || file, wholeFile, accessProblem(e.code));
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && typeof err.syscall === 'string') {
    return new ModelFormatError(err.path ?? file, wholeFile, accessProblem(err.code));
  }
  const message = err instanceof Error ? err.message : String(e);
  return new InternalError(`${file}: reading the model failed inside the reader: ${message}`, e);
}

function accessProblem(code: string): string {
  if (code === 'ENOTREG') return t('not a regular file (a FIFO, device or socket): only regular files are read');
  return t('cannot read the file ({0})', code);
}

function notAModel(file: string): ModelFormatError {
  return new ModelFormatError(file, wholeFile, t('not a Paddle or Caffe model (expected .pdmodel, __model__, model, a Paddle 3 program .json, .prototxt or .caffemodel)'));
}
