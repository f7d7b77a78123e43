// Problems in prototxt text, for the language server and the CLI: what the Caffe reader finds
// (syntax errors, values of the wrong type, fields no schema knows, vendor extensions), placed
// on the text. The reader stops at the first syntax error, so at most one error is reported;
// warnings come from a text that parsed.

import { ModelFormatError } from '../errors';
import { readPrototxt } from '../formats/caffe/prototxtReader';
import { NetParameterType, SolverParameterType } from '../formats/caffe/schema';
import { textKind } from '../formats/caffe/openCaffe';

export interface PrototxtDiagnostic {
  /** 1-based. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  code: string;
  message: string;
}

/** Warnings that are facts about a known fork rather than mistakes are shown softer. */
const SEVERITY_BY_CODE: Record<string, PrototxtDiagnostic['severity']> = {
  'caffe.vendor-extension': 'info',
};

export function prototxtDiagnostics(text: string, file: string): PrototxtDiagnostic[] {
  const lines = text.split(/\r?\n/);
  const at = (line: number, column: number, severity: PrototxtDiagnostic['severity'], code: string, message: string): PrototxtDiagnostic => ({
    line,
    column,
    endLine: line,
    endColumn: column + tokenLength(lines[line - 1] ?? '', column - 1),
    severity,
    code,
    message,
  });
  const type = textKind(text) === 'solver' ? SolverParameterType : NetParameterType;
  try {
    const doc = readPrototxt(text, file, type);
    return doc.warnings
      .map((w) => (w.place.kind === 'text' ? at(w.place.line, w.place.column, SEVERITY_BY_CODE[w.code] ?? 'warning', w.code, w.message) : at(1, 1, 'warning', w.code, w.message)))
      .sort((a, b) => a.line - b.line || a.column - b.column);
  } catch (e) {
    if (!(e instanceof ModelFormatError)) throw e;
    const place = e.place.kind === 'text' ? e.place : { line: 1, column: 1 };
    return [at(place.line, place.column, 'error', 'caffe.syntax', e.detail)];
  }
}

/** Length of the word or quoted string at `index`, at least 1, so a squiggle covers the token. */
function tokenLength(lineText: string, index: number): number {
  const first = lineText[index];
  if (first === undefined) return 1;
  if (first === '"' || first === "'") {
    let i = index + 1;
    while (i < lineText.length && lineText[i] !== first) i += lineText[i] === '\\' ? 2 : 1;
    return Math.min(i + 1, lineText.length) - index;
  }
  let i = index;
  while (i < lineText.length && /[\w.+-]/.test(lineText[i])) i++;
  return Math.max(1, i - index);
}
