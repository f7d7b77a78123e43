// One error type for every bad input the readers meet, so the CLI, the custom editor and the
// language server can all show the same one line: the file, the place, and what is wrong.

/** Where in a file a problem is: a byte offset (binary formats) or a 1-based line and column (text). */
export type FilePlace =
  | { kind: 'byte'; offset: number }
  | { kind: 'text'; line: number; column: number; endLine?: number; endColumn?: number }
  | { kind: 'file' };

export function placeText(place: FilePlace): string {
  switch (place.kind) {
    case 'byte':
      return `byte ${place.offset}`;
    case 'text':
      return `${place.line}:${place.column}`;
    case 'file':
      return '';
  }
}

export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';

  constructor(
    readonly file: string,
    readonly place: FilePlace,
    readonly detail: string,
  ) {
    super(formatProblem(file, place, detail));
  }
}

/** A token longer than this (a 10 MB name in a crafted file) is cut in messages. */
const LONGEST_TOKEN = 400;

/**
 * Text from a file or a file name made fit for one line: line breaks and other control
 * characters escaped (a file name may hold a newline, a model a NUL), over-long tokens cut.
 */
export function oneLine(text: string, cutLongTokens = true): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const escaped = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    }
  });
  return cutLongTokens ? cutTokens(escaped) : escaped;
}

/** Cuts each run of non-space longer than LONGEST_TOKEN (a loop: a regex backtracks out of stack on 10 MB). */
function cutTokens(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const space = i === text.length || text.charCodeAt(i) <= 32;
    if (!space) continue;
    if (i - start > LONGEST_TOKEN) {
      const token = text.slice(start, i);
      out += `${token.slice(0, LONGEST_TOKEN - 40)}…(${token.length} characters)…${token.slice(-20)}`;
    } else out += text.slice(start, i);
    if (i < text.length) out += text[i];
    start = i + 1;
  }
  return out;
}

/** `file:12:5: detail`, `file: byte 1234: detail` or `file: detail`, always on one line. */
export function formatProblem(file: string, place: FilePlace, detail: string): string {
  // A message written on several lines reads as one sentence; anything else is escaped.
  const text = oneLine(detail.replace(/\s*\n\s*/g, ' '));
  // The file name is escaped but never cut: a long path is still the path.
  const where = oneLine(file, false);
  switch (place.kind) {
    case 'text':
      return `${where}:${placeText(place)}: ${text}`;
    case 'byte':
      return `${where}: ${placeText(place)}: ${text}`;
    case 'file':
      return `${where}: ${text}`;
  }
}

export const atByte = (offset: number): FilePlace => ({ kind: 'byte', offset });
export const atText = (line: number, column: number, end?: { line: number; column: number }): FilePlace =>
  end ? { kind: 'text', line, column, endLine: end.line, endColumn: end.column } : { kind: 'text', line, column };
export const wholeFile: FilePlace = { kind: 'file' };

/**
 * A bug in our own code, not a problem of the user's file: the CLI exits 70 with one line (the
 * stack only under `--debug`), and the extension reports it as ours rather than blaming the model.
 */
export class InternalError extends Error {
  override readonly name = 'InternalError';
  constructor(
    message: string,
    /** What went wrong underneath (the reader's own exception), kept for `--debug`. */
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}
