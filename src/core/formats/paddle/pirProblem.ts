// A PIR program is one JSON document: once parsed, the only place a structural problem has is its
// path in the document (`program.regions[0].blocks[0].ops[12].O[0]`). The pieces that decode ops,
// types and attributes throw this; the program reader turns it into the ModelFormatError that
// names the file. Paths are made only when something is wrong.

export type PirPath = () => string;

export class PirStructureError extends Error {
  override readonly name = 'PirStructureError';
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

export function fail(where: PirPath, detail: string): never {
  throw new PirStructureError(where(), detail);
}

export const child = (where: PirPath, key: string | number): PirPath => () => (typeof key === 'number' ? `${where()}[${key}]` : `${where()}.${key}`);

/** A JSON object (not an array, not null), for reading keys of. */
export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How deep types and attribute values may nest (a vector of vectors …); real programs use 2 or 3. */
export const MAX_VALUE_NESTING = 64;
