// Diagnostics for a prototxt as the language server shows them: the reader's own problems (syntax,
// types, unknown fields) and, once the text parses, what assembling the net finds (a layer whose
// shapes do not work out, a net without layers), each on the layer it is about. The net is read
// through a ModelService, so the server and the extension host read alike.

import { ModelFormatError } from '../errors';
import type { FileAccess } from '../io/fileAccess';
import type { ModelService } from '../modelService';
import { diagnosticOf, byPosition, rangeOfPlace, type Diagnostic, type Severity } from './diagnostic';
import { prototxtDiagnostics } from './prototxtDiagnostics';

const SEVERITY_BY_CODE: Record<string, Severity> = {
  'caffe.vendor-extension': 'info',
};

export async function prototxtModelDiagnostics(models: ModelService, file: string, text: string, fs?: FileAccess): Promise<Diagnostic[]> {
  const syntax = prototxtDiagnostics(text, file);
  if (syntax.some((d) => d.severity === 'error')) return syntax;
  try {
    // Weights are the viewer's business; shapes and structure need only the text.
    const model = await models.open(file, { text, fs, noWeights: true });
    return model.warnings
      .filter((w) => w.file === file)
      .map((w) => diagnosticOf(w, SEVERITY_BY_CODE[w.code] ?? 'warning'))
      .sort(byPosition);
  } catch (e) {
    // A solver's net file that cannot be read is that file's problem, said on this one's first line.
    if (!(e instanceof ModelFormatError)) throw e;
    const range = e.file === file ? rangeOfPlace(e.place) : rangeOfPlace({ kind: 'file' });
    return [...syntax, { file, range, severity: e.file === file ? 'error' : 'warning', code: e.file === file ? 'caffe.syntax' : 'caffe.referenced-file', message: e.file === file ? e.detail : e.message }];
  }
}
