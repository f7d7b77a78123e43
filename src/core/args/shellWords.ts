// The words of a shell script as the shell would pass them to a program: quotes removed, `\`
// escapes and line continuations resolved, comments and redirections dropped, commands split at
// newlines, `;`, `&&`, `||`, `|` and `&`. Every character of a word keeps the offset it came
// from, so a check can underline a part of a value (`608,608` inside a quoted --descs).
// Expansions (`$VAR`, `${X}`, `$(cmd)`, backquotes) are kept as written and mark the word
// unknown: its value is the shell's business at run time, never something to complain about.

/** A run of text as a program receives it, with where each character stands in the source. */
export interface Piece {
  text: string;
  /** Source offset of each character of `text`; one more entry: the offset just after the last. */
  at: number[];
  /** Holds an expansion whose value only the running shell knows. */
  unknown: boolean;
}

export interface Word extends Piece {
  /** Source offsets of the whole word, quotes included (end exclusive). */
  start: number;
  end: number;
}

/** Source offsets [start, end) of characters [from, to) of a piece. */
export function spanOf(piece: Piece, from: number, to: number): [number, number] {
  const start = piece.at[Math.min(from, piece.text.length)];
  if (to <= from) return [start, start];
  return [start, piece.at[to - 1] + 1];
}

/** Characters [from, to) of a piece as a piece of its own. */
export function slicePiece(piece: Piece, from: number, to: number): Piece {
  const at = piece.at.slice(from, to);
  at.push(to > from ? piece.at[to - 1] + 1 : piece.at[from]);
  return { text: piece.text.slice(from, to), at, unknown: piece.unknown };
}

const BLANK = new Set([' ', '\t']);
const ENDS_WORD = new Set([' ', '\t', '\n', '\r', ';', '&', '|', '(', ')', '<', '>']);
const NAME_CHAR = /[A-Za-z0-9_]/;
/** Characters that end a plain run inside a word, and inside double quotes. */
const SPECIAL_IN_WORD = new Set([...ENDS_WORD, '\\', "'", '"', '$', '`']);
const SPECIAL_IN_QUOTES = new Set(['\\', '"', '$', '`']);

class WordBuilder {
  text = '';
  at: number[] = [];
  unknown = false;
  constructor(readonly start: number) {}
  push(ch: string, offset: number): void {
    this.text += ch;
    this.at.push(offset);
  }
  /** Source text kept verbatim (a run of plain characters, an expansion): each at its own offset. */
  pushSource(source: string, from: number, to: number): void {
    this.text += source.slice(from, to);
    const at = this.at;
    for (let i = from; i < to; i++) at.push(i);
  }
}

/** Shell commands as lists of words. */
export function scanShell(source: string): Word[][] {
  const commands: Word[][] = [];
  let current: Word[] = [];
  const heredocs: { delimiter: string; strip: boolean }[] = [];
  let redirectTarget = false;
  let i = 0;
  const n = source.length;

  const endCommand = () => {
    if (current.length > 0) commands.push(current);
    current = [];
  };
  const skipHeredocs = () => {
    // At the start of a line after `<<EOF`: the document's lines are data, not commands.
    while (heredocs.length > 0 && i < n) {
      const { delimiter, strip } = heredocs[0];
      const lineEnd = source.indexOf('\n', i);
      const stop = lineEnd < 0 ? n : lineEnd;
      const line = source.slice(i, stop).replace(/\r$/, '');
      i = stop + 1;
      if ((strip ? line.replace(/^\t+/, '') : line) === delimiter) heredocs.shift();
    }
  };

  while (i < n) {
    const ch = source[i];
    if (BLANK.has(ch) || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '\\' && (source[i + 1] === '\n' || (source[i + 1] === '\r' && source[i + 2] === '\n'))) {
      i += source[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (ch === '\n') {
      i++;
      endCommand();
      skipHeredocs();
      continue;
    }
    if (ch === '#') {
      const lineEnd = source.indexOf('\n', i);
      i = lineEnd < 0 ? n : lineEnd;
      continue;
    }
    if (ch === ';' || ch === '&' || ch === '|' || ch === '(' || ch === ')') {
      i++;
      endCommand();
      continue;
    }
    if (ch === '<' || ch === '>') {
      const heredoc = source.startsWith('<<', i) && source[i + 2] !== '<';
      i += heredoc ? 2 : 1;
      let strip = false;
      if (heredoc && source[i] === '-') {
        strip = true;
        i++;
      }
      while (i < n && (source[i] === '>' || source[i] === '&' || source[i] === '<')) i++;
      if (heredoc) {
        while (BLANK.has(source[i])) i++;
        const target = readWord(source, i);
        i = target.end;
        heredocs.push({ delimiter: target.text, strip });
      } else {
        redirectTarget = true;
      }
      continue;
    }
    const word = readWord(source, i);
    i = word.end;
    // `2>&1`: a number right before a redirection is a file descriptor, not an argument.
    if (/^\d+$/.test(word.text) && (source[i] === '>' || source[i] === '<')) continue;
    if (redirectTarget) {
      redirectTarget = false;
      continue;
    }
    current.push(word);
  }
  endCommand();
  return commands;
}

/** One word starting at `start` (not a blank, not an operator). */
function readWord(source: string, start: number): Word {
  const w = new WordBuilder(start);
  const n = source.length;
  let i = start;
  while (i < n) {
    const ch = source[i];
    if (ENDS_WORD.has(ch)) break;
    if (ch === '\\') {
      if (source[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (source[i + 1] === '\r' && source[i + 2] === '\n') {
        i += 3;
        continue;
      }
      if (i + 1 < n) w.push(source[i + 1], i + 1);
      i += 2;
      continue;
    }
    if (ch === "'") {
      const close = source.indexOf("'", i + 1);
      const stop = close < 0 ? n : close;
      for (let k = i + 1; k < stop; k++) w.push(source[k], k);
      i = stop + 1;
      continue;
    }
    if (ch === '"') {
      i = readDoubleQuoted(source, i + 1, w);
      continue;
    }
    if (ch === '$' || ch === '`') {
      const end = expansionEnd(source, i);
      w.pushSource(source, i, end);
      w.unknown = true;
      i = end;
      continue;
    }
    // A run of plain characters at once: a 2 MB value must not cost a string operation a character.
    let j = i + 1;
    while (j < n && !SPECIAL_IN_WORD.has(source[j])) j++;
    w.pushSource(source, i, j);
    i = j;
  }
  w.at.push(i);
  return { text: w.text, at: w.at, unknown: w.unknown, start, end: Math.min(i, n) };
}

/** The inside of "…" from `i` (after the opening quote); returns the offset after the closing one. */
function readDoubleQuoted(source: string, i: number, w: WordBuilder): number {
  const n = source.length;
  while (i < n && source[i] !== '"') {
    const ch = source[i];
    if (ch === '\\' && i + 1 < n && '$`"\\\n'.includes(source[i + 1])) {
      if (source[i + 1] !== '\n') w.push(source[i + 1], i + 1);
      i += 2;
      continue;
    }
    if (ch === '$' || ch === '`') {
      const end = expansionEnd(source, i, true);
      w.pushSource(source, i, end);
      w.unknown = true;
      i = end;
      continue;
    }
    let j = i + 1;
    while (j < n && !SPECIAL_IN_QUOTES.has(source[j])) j++;
    w.pushSource(source, i, j);
    i = j;
  }
  return i + 1;
}

/** Where an expansion starting at `i` (`$…` or a backquote) ends. */
function expansionEnd(source: string, i: number, inQuotes = false): number {
  const n = source.length;
  if (source[i] === '`') {
    const close = source.indexOf('`', i + 1);
    return close < 0 ? n : close + 1;
  }
  const next = source[i + 1];
  if (next === '(' || next === '{') {
    const open = next;
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    for (let k = i + 1; k < n; k++) {
      if (source[k] === open) depth++;
      else if (source[k] === close && --depth === 0) return k + 1;
      else if (source[k] === '"' && inQuotes && open === '{') return k;
    }
    return n;
  }
  if (next !== undefined && /[@*#?$!0-9-]/.test(next)) return i + 2;
  let k = i + 1;
  while (k < n && NAME_CHAR.test(source[k])) k++;
  // A lone `$` is a literal dollar sign; still unknown enough not to judge.
  return k;
}
