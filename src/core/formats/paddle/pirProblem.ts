// A PIR program is one JSON document: once parsed, a structural problem is first known by its
// path in the document (`program.regions[0].blocks[0].ops[12].O[0]`). The pieces that decode ops,
// types and attributes throw this; the program reader finds the path in the text again for a
// line and column, and turns it into the ModelFormatError that names the file. Paths are made
// only when something is wrong.

export type PathSegment = string | number;

/**
 * A place in the document as a chain of keys up to the root: one small object per step (no
 * closure, no array), since the walk makes one for every value it reads and uses almost none.
 */
export interface PirPath {
  readonly parent?: PirPath;
  readonly key?: PathSegment;
}

export function segments(where: PirPath): PathSegment[] {
  const keys: PathSegment[] = [];
  for (let p: PirPath | undefined = where; p && p.key !== undefined; p = p.parent) keys.push(p.key);
  return keys.reverse();
}

export class PirStructureError extends Error {
  override readonly name = 'PirStructureError';
  constructor(
    readonly path: PathSegment[],
    readonly detail: string,
  ) {
    super(`${pathText(path)}: ${detail}`);
  }
}

/** `program.regions[0].blocks[0]`; the document itself is `$`. */
export function pathText(path: readonly PathSegment[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : text === '' ? key : `.${key}`;
  return text === '' ? '$' : text;
}

export function fail(where: PirPath, detail: string): never {
  throw new PirStructureError(segments(where), detail);
}

export const root: PirPath = {};

export const child = (parent: PirPath, key: PathSegment): PirPath => ({ parent, key });

/** A JSON object (not an array, not null), for reading keys of. */
export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How deep types and attribute values may nest (a vector of vectors …); real programs use 2 or 3. */
export const MAX_VALUE_NESTING = 64;
