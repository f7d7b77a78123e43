// One diagnostic type for everything we check (prototxt text, compiler arguments, model files),
// shared by the language server, the CLI and the extension. Ranges come from the readers, which
// know where each token ends; nothing here lexes the text again.

import type { FilePlace } from '../errors';
import type { SourceRange } from '../graph/graph';
import type { ModelWarning } from '../model';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Diagnostic {
  file: string;
  /** 1-based; the end is exclusive. A problem of the whole file sits at 1:1–1:1. */
  range: SourceRange;
  severity: Severity;
  /** Stable code (`caffe.syntax`, `caffe.unknown-field`, `bmpaddle.unknown-option`). */
  code: string;
  message: string;
}

export function rangeOfPlace(place: FilePlace): SourceRange {
  if (place.kind !== 'text') return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return {
    line: place.line,
    column: place.column,
    endLine: place.endLine ?? place.line,
    endColumn: place.endColumn ?? place.column + 1,
  };
}

export function diagnosticOf(warning: ModelWarning, severity: Severity): Diagnostic {
  return { file: warning.file, range: rangeOfPlace(warning.place), severity, code: warning.code, message: warning.message };
}

/** More than this many in one document help nobody and slow the editor: the rest are counted. */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;

/**
 * The first `max` diagnostics, and when there were more, one last (at the first one left out)
 * saying how many: a crafted file with 200,000 unknown fields gives 1,001 squiggles, not 200,000.
 */
export function capDiagnostics(found: Diagnostic[], moreMessage: (count: number) => string, max = MAX_DIAGNOSTICS_PER_FILE): Diagnostic[] {
  if (found.length <= max) return found;
  const kept = found.slice(0, max);
  const first = found[max];
  kept.push({ file: first.file, range: first.range, severity: 'info', code: 'npu-deploy.more-diagnostics', message: moreMessage(found.length - max) });
  return kept;
}

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.line - b.range.line || a.range.column - b.range.column;
}
