// A problem on a command line, in the one Diagnostic type, plus the quick fixes that mend it as
// plain data (a range and its new text): the language server turns them into code actions, the
// CLI could apply them, and tests read them without an editor.

import type { SourceRange } from '../graph/graph';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic';
import type { LineIndex } from '../formats/caffe/textPositions';

export interface TextEdit {
  range: SourceRange;
  newText: string;
  /** The file the edit changes when it is not the checked script (a model file the command names). */
  file?: string;
}

export interface QuickFix {
  /** The action's title, localised. */
  title: string;
  edits: TextEdit[];
}

export interface ArgDiagnostic extends Diagnostic {
  fixes?: QuickFix[];
  /** The option the problem is about (a missing one): later checks attach fixes by it. */
  option?: string;
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** The offset of a 1-based line and column, lines counted as LSP counts them (LF, CRLF, a lone CR). */
export function offsetAt(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    LINE_BREAK.lastIndex = offset;
    const found = LINE_BREAK.exec(text);
    if (!found) return text.length;
    offset = found.index + found[0].length;
  }
  return Math.min(offset + column - 1, text.length);
}

/** Fix edits given in source offsets, before they are placed; an edit of another file comes placed. */
export interface OffsetFix {
  title: string;
  edits: ({ start: number; end: number; newText: string } | Required<TextEdit>)[];
}

/** Collects one script's diagnostics, placing offsets as lines and columns. */
export class Reporter {
  readonly found: ArgDiagnostic[] = [];
  constructor(
    readonly file: string,
    readonly lines: LineIndex,
  ) {}

  report(severity: Severity, code: string, start: number, end: number, message: string, fixes: OffsetFix[] = []): ArgDiagnostic {
    const diagnostic: ArgDiagnostic = { file: this.file, range: this.lines.range(start, end), severity, code, message };
    this.addFixes(diagnostic, fixes);
    this.found.push(diagnostic);
    return diagnostic;
  }

  addFixes(diagnostic: ArgDiagnostic, fixes: OffsetFix[]): void {
    if (fixes.length === 0) return;
    const placed = fixes.map((f) => ({ title: f.title, edits: f.edits.map((e) => ('file' in e ? e : { range: this.lines.range(e.start, e.end), newText: e.newText })) }));
    diagnostic.fixes = [...(diagnostic.fixes ?? []), ...placed];
  }
}
