// Diagnostics for a prototxt as the language server shows them: the reader's own problems (syntax,
// types, unknown fields) and, once the text parses, what assembling the net finds (a layer whose
// shapes do not work out, a net without layers), each on the layer it is about. The net is read
// through a ModelService, so the server and the extension host read alike.

import { ModelFormatError } from '../errors';
import type { FileAccess } from '../io/fileAccess';
import type { ModelService } from '../modelService';
import { diagnosticOf, byPosition, rangeOfPlace, type Diagnostic } from './diagnostic';
import { prototxtDiagnostics, severityOf } from './prototxtDiagnostics';

export async function prototxtModelDiagnostics(models: ModelService, file: string, text: string, fs?: FileAccess): Promise<Diagnostic[]> {
  try {
    // One read of the text gives the reader's own warnings and the net's: the text is parsed once
    // per validation. Weights are the viewer's business; shapes and structure need only the text.
    const model = await models.open(file, { text, fs, noWeights: true });
    return model.warnings
      .filter((w) => w.file === file)
      .map((w) => diagnosticOf(w, severityOf(w.code)))
      .sort(byPosition);
  } catch (e) {
    if (!(e instanceof ModelFormatError)) throw e;
    // A solver's net file that cannot be read is that file's problem, said on this one's first line.
    if (e.file !== file) return [{ file, range: rangeOfPlace({ kind: 'file' }), severity: 'warning', code: 'caffe.referenced-file', message: e.message }];
    // Text not yet recognisable as a net (an untitled document being typed): the reader alone.
    if (e.place.kind !== 'text') return prototxtDiagnostics(text, file);
    return [{ file, range: rangeOfPlace(e.place), severity: 'error', code: 'caffe.syntax', message: e.detail }];
  }
}
