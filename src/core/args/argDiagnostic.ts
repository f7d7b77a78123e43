// A problem on a command line, in the one Diagnostic type, plus the quick fixes that mend it as
// plain data (a range and its new text): the language server turns them into code actions, the
// CLI could apply them, and tests read them without an editor.

import type { SourceRange } from '../graph/graph';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic';

export interface TextEdit {
  range: SourceRange;
  newText: string;
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

/** Offsets in the source → 1-based lines and columns (UTF-16 units, as editors count). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
  range(start: number, end: number): SourceRange {
    const a = this.position(start);
    const b = this.position(Math.max(end, start));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }
  /** Offset of a 1-based line and column. */
  offset(line: number, column: number): number {
    return (this.starts[line - 1] ?? this.starts[this.starts.length - 1]) + column - 1;
  }
}

/** Fix edits given in source offsets, before they are placed. */
export interface OffsetFix {
  title: string;
  edits: { start: number; end: number; newText: string }[];
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
    const placed = fixes.map((f) => ({ title: f.title, edits: f.edits.map((e) => ({ range: this.lines.range(e.start, e.end), newText: e.newText })) }));
    diagnostic.fixes = [...(diagnostic.fixes ?? []), ...placed];
  }
}
