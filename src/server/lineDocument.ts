// The language server's copy of a document, kept as lines. An edit replaces the lines it touches
// and nothing else, and the text is joined once, when a validation asks for it: 500 rapid edits
// of a 3.6 MB prototxt cost a few splices each, not a copy of the whole text each (the stock
// TextDocument re-flattens the text on every edit, seconds behind the typing). An edit within one
// line (typing, a value changed) also patches the joined text when there is one, through a table
// of line starts: joining 200,000 lines again for each check cost 100 ms of a 20,000-layer net's.

import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';

const LINE_BREAK = /\r\n|\r|\n/g;

/** Lines and the break after each ('' after the last), as LSP counts lines: CRLF, CR or LF. */
function splitLines(text: string): { lines: string[]; breaks: string[] } {
  const lines: string[] = [];
  const breaks: string[] = [];
  let start = 0;
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(text); m; m = LINE_BREAK.exec(text)) {
    lines.push(text.slice(start, m.index));
    breaks.push(m[0]);
    start = m.index + m[0].length;
  }
  lines.push(text.slice(start));
  breaks.push('');
  return { lines, breaks };
}

export class LineDocument {
  private lines: string[];
  private breaks: string[];
  private text: string | undefined;
  /** Where each line starts in `text`, when both are known (undefined: found again when needed). */
  private starts: Int32Array | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    content: string,
  ) {
    ({ lines: this.lines, breaks: this.breaks } = splitLines(content));
    this.text = content;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  getText(): string {
    if (this.text === undefined) {
      let out = '';
      for (let i = 0; i < this.lines.length; i++) out += this.lines[i] + this.breaks[i];
      this.text = out;
    }
    return this.text;
  }

  apply(change: TextDocumentContentChangeEvent): void {
    if (!('range' in change)) {
      ({ lines: this.lines, breaks: this.breaks } = splitLines(change.text));
      this.text = change.text;
      this.starts = undefined;
      return;
    }
    const last = this.lines.length - 1;
    // Positions past the end are clamped, as the protocol says: a line past the last is the end
    // of the document, a character past the line's end is its end.
    const clamp = (p: { line: number; character: number }) => (p.line > last ? { line: last, character: Infinity } : { line: Math.max(p.line, 0), character: Math.max(p.character, 0) });
    const from = clamp(change.range.start);
    const to = clamp(change.range.end);
    const sl = from.line;
    const el = Math.max(to.line, sl);
    const prefix = this.lines[sl].slice(0, from.character);
    const suffix = to.line < sl ? this.lines[el] : this.lines[el].slice(to.character);
    const endBreak = this.breaks[el];
    const inserted = splitLines(change.text);
    const n = inserted.lines.length;
    inserted.lines[0] = prefix + inserted.lines[0];
    inserted.lines[n - 1] += suffix;
    inserted.breaks[n - 1] = endBreak;
    if (n === 1 && el === sl) {
      if (this.text !== undefined) this.patchText(sl, prefix.length, this.lines[sl].length - suffix.length, change.text);
      this.lines[sl] = inserted.lines[0];
      this.breaks[sl] = endBreak;
      // Lines as they were, unless the edit joined a CR to an LF: the joined text is right either way.
      if (this.resplit(sl - 1, sl + 1)) this.starts = undefined;
      return;
    }
    if (n < 10_000) {
      this.lines.splice(sl, el - sl + 1, ...inserted.lines);
      this.breaks.splice(sl, el - sl + 1, ...inserted.breaks);
    } else {
      // A paste of many lines: no spread of thousands of arguments.
      this.lines = this.lines.slice(0, sl).concat(inserted.lines, this.lines.slice(el + 1));
      this.breaks = this.breaks.slice(0, sl).concat(inserted.breaks, this.breaks.slice(el + 1));
    }
    this.text = undefined;
    this.starts = undefined;
    this.resplit(sl - 1, sl + n);
  }

  /**
   * Replaces [from, to) of line `line` in the joined text by `inserted` (no line break in it),
   * and moves the starts of the lines after it.
   */
  private patchText(line: number, from: number, to: number, inserted: string): void {
    const starts = (this.starts ??= this.lineStarts());
    const at = starts[line];
    this.text = this.text!.slice(0, at + from) + inserted + this.text!.slice(at + to);
    const delta = inserted.length - (to - from);
    if (delta !== 0) for (let i = line + 1; i < starts.length; i++) starts[i] += delta;
  }

  private lineStarts(): Int32Array {
    const starts = new Int32Array(this.lines.length);
    for (let i = 1; i < starts.length; i++) starts[i] = starts[i - 1] + this.lines[i - 1].length + this.breaks[i - 1].length;
    return starts;
  }

  /**
   * Splits lines [from, to] again: an edit can join a CR at one line's end to an LF after it (one
   * CRLF break, not two), or part them, and lines must stay as the client counts them. Returns
   * whether the lines changed.
   */
  private resplit(from: number, to: number): boolean {
    const a = Math.max(0, from);
    const b = Math.min(this.lines.length - 1, to);
    let joined = '';
    for (let i = a; i <= b; i++) joined += this.lines[i] + this.breaks[i];
    const again = splitLines(joined);
    // The window ends with its last break (or the document's end): drop the empty line after it.
    if (this.breaks[b] !== '') {
      again.lines.pop();
      again.breaks.pop();
    }
    if (again.lines.length === b - a + 1 && again.breaks.every((x, i) => x === this.breaks[a + i])) return false;
    this.lines = this.lines.slice(0, a).concat(again.lines, this.lines.slice(b + 1));
    this.breaks = this.breaks.slice(0, a).concat(again.breaks, this.breaks.slice(b + 1));
    return true;
  }
}

export const lineDocuments: TextDocumentsConfiguration<LineDocument> = {
  create: (uri, languageId, version, content) => new LineDocument(uri, languageId, version, content),
  update: (document, changes, version) => {
    for (const change of changes) document.apply(change);
    document.version = version;
    return document;
  },
};
