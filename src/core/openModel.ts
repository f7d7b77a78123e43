// The single door into the readers: sniff a file by name and by content, hand it to the reader
// of its framework, and turn anything unexpected into a one-line ModelFormatError.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { InternalError, ModelFormatError, wholeFile } from './errors';
import { t } from './l10n';
import type { OpenedModel, OpenOptions } from './model';
import { readHead } from './io/readHead';
import { openCaffeModel, sniffCaffe } from './formats/caffe/openCaffe';
import { openPaddleModel, sniffPaddle } from './formats/paddle/openPaddle';


export async function openModel(file: string, options: OpenOptions = {}): Promise<OpenedModel> {
  if (options.text !== undefined) return openText(file, options.text, options);
  let stat;
  try {
    stat = await fsp.stat(file);
  } catch (e) {
    throw new ModelFormatError(file, wholeFile, t('cannot read the file ({0})', (e as NodeJS.ErrnoException).code ?? String(e)));
  }
  // A Paddle model folder (`__model__` or `*.pdmodel` inside) opens as its program file.
  if (stat.isDirectory()) return openModel(await programInFolder(file), options);
  const head = await readHead(file);
  try {
    if (sniffPaddle(file, head)) return await openPaddleModel(file, options);
    if (sniffCaffe(file, head)) return await openCaffeModel(file, options);
  } catch (e) {
    throw asFormatError(file, e);
  }
  // Paddle 3 writes its programs as PIR JSON; say so rather than "not a model" until a reader lands.
  if (looksLikePirProgram(head)) {
    throw new ModelFormatError(file, wholeFile, t('this is a Paddle 3 PIR program (JSON), which this version cannot read yet; the legacy .pdmodel format can be exported from Paddle with the PIR API switched off (FLAGS_enable_pir_api=0)'));
  }
  throw notAModel(file);
}

/** A text model held in memory (an editor's unsaved prototxt): only text formats apply. */
async function openText(file: string, text: string, options: OpenOptions): Promise<OpenedModel> {
  const head = new TextEncoder().encode(text.slice(0, 4096));
  if (!sniffCaffe(file, head) || sniffPaddle(file, head)) {
    throw notAModel(file);
  }
  try {
    return await openCaffeModel(file, options);
  } catch (e) {
    throw asFormatError(file, e);
  }
}

async function programInFolder(folder: string): Promise<string> {
  const names = await fsp.readdir(folder);
  const pick = names.find((n) => n === '__model__') ?? names.find((n) => n.endsWith('.pdmodel')) ?? names.find((n) => n === 'model');
  if (!pick) throw new ModelFormatError(folder, wholeFile, t('folder holds no __model__, *.pdmodel or model file'));
  return path.join(folder, pick);
}

/** Readers throw ModelFormatError, and the file system its coded errors; anything else is a bug in a reader, not bad input. */
function asFormatError(file: string, e: unknown): ModelFormatError | InternalError {
  if (e instanceof ModelFormatError) return e;
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string') return new ModelFormatError(err.path ?? file, wholeFile, t('cannot read the file ({0})', err.code));
  return new InternalError(err instanceof Error ? err.message : String(e), e);
}

/** The PIR serializer starts every program with `{"base_code":{"magic":"pir"`. */
function looksLikePirProgram(head: Uint8Array): boolean {
  const text = Buffer.from(head.subarray(0, 256)).toString('latin1');
  return /^\s*\{\s*"base_code"\s*:\s*\{[^}]*"magic"\s*:\s*"pir"/.test(text);
}

function notAModel(file: string): ModelFormatError {
  return new ModelFormatError(file, wholeFile, t('not a Paddle or Caffe model (expected .pdmodel, __model__, model, .prototxt or .caffemodel)'));
}
