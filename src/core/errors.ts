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

/** `file:12:5: detail`, `file: byte 1234: detail` or `file: detail`, always on one line. */
export function formatProblem(file: string, place: FilePlace, detail: string): string {
  const oneLine = detail.replace(/\s*\n\s*/g, ' ');
  switch (place.kind) {
    case 'text':
      return `${file}:${placeText(place)}: ${oneLine}`;
    case 'byte':
      return `${file}: ${placeText(place)}: ${oneLine}`;
    case 'file':
      return `${file}: ${oneLine}`;
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
