// Offsets to 1-based line and column. The reader records only offsets (cheap in its hot loop);
// this turns them into positions when an error, a warning or the language server needs one.

import type { SourceRange } from '../../graph/graph';

export class LineIndex {
  private starts: Int32Array | undefined;
  /** The line of the last offset asked about. */
  private last = 0;

  constructor(private readonly text: string) {}

  private lineStarts(): Int32Array {
    if (this.starts) return this.starts;
    // Line ends as VS Code and LSP count them: LF, CRLF, and a lone CR (old Mac files).
    // Written straight into a typed array grown by doubling: a 200,000-line net costs no list of
    // boxed numbers to copy from.
    const text = this.text;
    let found = new Int32Array(1024);
    let count = 1;
    const add = (start: number) => {
      if (count === found.length) {
        const grown = new Int32Array(found.length * 2);
        grown.set(found);
        found = grown;
      }
      found[count++] = start;
    };
    if (text.indexOf('\r') === -1) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) add(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) add(i + 1);
      }
    }
    this.starts = found.subarray(0, count);
    return this.starts;
  }

  /** 0-based index of the line holding `offset`. */
  private lineIndexOf(offset: number): number {
    const starts = this.lineStarts();
    // Offsets are mostly asked in file order (a layer after another, a field after its name):
    // the line of the last answer or the one after it spares a binary search.
    const last = this.last;
    if (starts[last] <= offset) {
      if (last + 1 === starts.length || offset < starts[last + 1]) return last;
      if (last + 2 === starts.length || offset < starts[last + 2]) return (this.last = last + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    return lo;
  }

  /** 1-based line and column of `offset` (columns count UTF-16 units, as VS Code does). */
  position(offset: number): { line: number; column: number } {
    const line = this.lineIndexOf(offset);
    return { line: line + 1, column: offset - this.lineStarts()[line] + 1 };
  }

  range(start: number, end: number): SourceRange {
    const starts = this.lineStarts();
    const a = this.lineIndexOf(start);
    const b = this.lineIndexOf(end);
    return { line: a + 1, column: start - starts[a] + 1, endLine: b + 1, endColumn: end - starts[b] + 1 };
  }
}
