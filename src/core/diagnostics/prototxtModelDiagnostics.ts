// Diagnostics for a prototxt as the language server shows them: the reader's own problems (every
// syntax error, types, unknown fields) and what assembling the net from what did parse finds (a
// layer whose shapes do not work out, a net without layers), each on the layer it is about. The
// net is read through a ModelService, so the server and the extension host read alike; the server
// reads a document version once (readPrototxtModel) and answers diagnostics and features from it.

import { ModelFormatError } from '../errors';
import type { FileAccess } from '../io/fileAccess';
import type { OpenedModel } from '../model';
import type { ModelService } from '../modelService';
import { diagnosticOf, byPosition, rangeOfPlace, type Diagnostic } from './diagnostic';
import { prototxtDiagnostics, severityOf } from './prototxtDiagnostics';

/** A prototxt's text read as a model past its syntax errors, or what stopped the read altogether. */
export type PrototxtRead = { model: Readonly<OpenedModel>; error?: undefined } | { model?: undefined; error: ModelFormatError };

export async function readPrototxtModel(models: ModelService, file: string, text: string, fs?: FileAccess): Promise<PrototxtRead> {
  try {
    // Weights are the viewer's business; shapes and structure need only the text.
    return { model: await models.open(file, { text, fs, noWeights: true, recover: true }) };
  } catch (e) {
    if (!(e instanceof ModelFormatError)) throw e;
    return { error: e };
  }
}

export function diagnosticsOfRead(read: PrototxtRead, file: string, text: string): Diagnostic[] {
  if (read.model) {
    return read.model.warnings
      .filter((w) => w.file === file)
      .map((w) => diagnosticOf(w, severityOf(w.code)))
      .sort(byPosition);
  }
  const e = read.error;
  // A solver's net file that cannot be read is that file's problem, said on this one's first line.
  if (e.file !== file) return [{ file, range: rangeOfPlace({ kind: 'file' }), severity: 'warning', code: 'caffe.referenced-file', message: e.message }];
  // Text not yet recognisable as a net (an untitled document being typed): the reader alone.
  if (e.place.kind !== 'text') return prototxtDiagnostics(text, file);
  return [{ file, range: rangeOfPlace(e.place), severity: 'error', code: 'caffe.syntax', message: e.detail }];
}

export async function prototxtModelDiagnostics(models: ModelService, file: string, text: string, fs?: FileAccess): Promise<Diagnostic[]> {
  return diagnosticsOfRead(await readPrototxtModel(models, file, text, fs), file, text);
}
