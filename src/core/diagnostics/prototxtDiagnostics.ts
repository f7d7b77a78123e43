// Problems in prototxt text, for the language server and the CLI: what the Caffe reader finds
// (syntax errors, values of the wrong type, fields no schema knows, vendor extensions), each on
// the token the reader was at. The reader stops at the first syntax error, so at most one error
// is reported; warnings come from a text that parsed.

import { ModelFormatError } from '../errors';
import { readPrototxt } from '../formats/caffe/prototxtReader';
import { NetParameterType, SolverParameterType } from '../formats/caffe/schema';
import { textKind } from '../formats/caffe/openCaffe';
import { byPosition, diagnosticOf, rangeOfPlace, type Diagnostic, type Severity } from './diagnostic';

/** Warnings that are facts about a known fork rather than mistakes are shown softer. */
const SEVERITY_BY_CODE: Record<string, Severity> = {
  'caffe.vendor-extension': 'info',
};

export function severityOf(code: string): Severity {
  return SEVERITY_BY_CODE[code] ?? 'warning';
}

export function prototxtDiagnostics(text: string, file: string): Diagnostic[] {
  const type = textKind(text) === 'solver' ? SolverParameterType : NetParameterType;
  try {
    const doc = readPrototxt(text, file, type);
    return doc.warnings.map((w) => diagnosticOf(w, severityOf(w.code))).sort(byPosition);
  } catch (e) {
    if (!(e instanceof ModelFormatError)) throw e;
    return [{ file, range: rangeOfPlace(e.place), severity: 'error', code: 'caffe.syntax', message: e.detail }];
  }
}
