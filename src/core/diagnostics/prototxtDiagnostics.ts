// Problems in prototxt text, for the language server and the CLI: what the Caffe reader finds
// (syntax errors, values of the wrong type, fields no schema knows, vendor extensions), each on
// the token the reader was at. The reader reads past syntax errors here, so every one of them
// shows at once, beside the warnings of what did parse.

import { readPrototxt } from '../formats/caffe/prototxtReader';
import { NetParameterType, SolverParameterType } from '../formats/caffe/schema';
import { textKind } from '../formats/caffe/openCaffe';
import { byPosition, diagnosticOf, rangeOfPlace, type Diagnostic, type Severity } from './diagnostic';

/** Warnings that are facts about a known fork rather than mistakes are shown softer; syntax errors are errors. */
const SEVERITY_BY_CODE: Record<string, Severity> = {
  'caffe.vendor-extension': 'info',
  'caffe.syntax': 'error',
};

export function severityOf(code: string): Severity {
  return SEVERITY_BY_CODE[code] ?? 'warning';
}

export function prototxtDiagnostics(text: string, file: string): Diagnostic[] {
  const type = textKind(text) === 'solver' ? SolverParameterType : NetParameterType;
  const doc = readPrototxt(text, file, type, { recover: true });
  const errors = doc.errors.map((e): Diagnostic => ({ file, range: rangeOfPlace(e.place), severity: 'error', code: 'caffe.syntax', message: e.detail }));
  return [...errors, ...doc.warnings.map((w) => diagnosticOf(w, severityOf(w.code)))].sort(byPosition);
}
