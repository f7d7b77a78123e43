// Finds where a value of a (valid) JSON text starts, given its path in the parsed document, so a
// structural problem found after JSON.parse can still be reported at a line and column. Walks the
// text once, skipping what is off the path; run only when something is wrong.

import type { PathSegment } from './pirProblem';

/** Character offset of the value at `path`, or of the deepest part of the path that exists. */
export function locateJsonPath(text: string, path: readonly PathSegment[]): number {
  let pos = skipSpace(text, 0);
  for (const key of path) {
    const open = text[pos];
    if (typeof key === 'number' ? open !== '[' : open !== '{') return pos;
    const found = typeof key === 'number' ? findElement(text, pos, key) : findMember(text, pos, key);
    if (found === undefined) return pos;
    pos = found;
  }
  return pos;
}

function skipSpace(text: string, pos: number): number {
  while (pos < text.length && (text[pos] === ' ' || text[pos] === '\n' || text[pos] === '\r' || text[pos] === '\t')) pos++;
  return pos;
}

/** The offset just past the string starting at `pos` (a `"`). */
function skipString(text: string, pos: number): number {
  for (let i = pos + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i + 1;
  }
  return text.length;
}

/** The offset just past the value starting at `pos`; containers are skipped by counting brackets outside strings. */
function skipValue(text: string, pos: number): number {
  const c = text[pos];
  if (c === '"') return skipString(text, pos);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let i = pos; i < text.length; i++) {
      const d = text[i];
      if (d === '"') i = skipString(text, i) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return text.length;
  }
  let i = pos;
  while (i < text.length && !',}] \n\r\t'.includes(text[i])) i++;
  return i;
}

/** After a value inside a container: past the `,` to the next item, or undefined at the container's end. */
function nextItem(text: string, pos: number): number | undefined {
  pos = skipSpace(text, pos);
  if (text[pos] !== ',') return undefined;
  return skipSpace(text, pos + 1);
}

function findElement(text: string, open: number, index: number): number | undefined {
  let pos = skipSpace(text, open + 1);
  if (text[pos] === ']') return undefined;
  for (let i = 0; i < index; i++) {
    const next = nextItem(text, skipValue(text, pos));
    if (next === undefined) return undefined;
    pos = next;
  }
  return pos;
}

function findMember(text: string, open: number, key: string): number | undefined {
  let pos = skipSpace(text, open + 1);
  while (text[pos] === '"') {
    const end = skipString(text, pos);
    const raw = text.slice(pos, end);
    // Keys are compared decoded (a key may be written with escapes); most have none.
    const name = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
    const value = skipSpace(text, skipSpace(text, end) + 1);
    if (name === key) return value;
    const next = nextItem(text, skipValue(text, value));
    if (next === undefined) return undefined;
    pos = next;
  }
  return undefined;
}
