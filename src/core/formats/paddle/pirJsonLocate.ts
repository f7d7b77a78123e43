// Finds where a value of a (valid) JSON text starts, given its path in the document (or a path
// below a value whose place is known), and the other way round, the path of the value that
// starts at a place, so a structural problem can be reported both at a line and column and as
// a path such as `program.regions[0].blocks[0].ops[12].O[0]`. Each walks the text once; run
// only when something is wrong.

import type { PathSegment } from './pirProblem';

/** Character offset of the value at `path` (below the value at `from`), or of the deepest part of the path that exists. */
export function locateJsonPath(text: string, path: readonly PathSegment[], from = 0): number {
  let pos = skipSpace(text, from);
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

/**
 * The path of the value that starts at `offset` (after any whitespace) in a valid JSON text:
 * one pass from the start with a stack of the open containers, so any depth costs no recursion.
 */
export function jsonPathAt(text: string, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  /** Per open container: true for a list. */
  const lists: boolean[] = [];
  let pos = skipSpace(text, 0);
  for (;;) {
    // At the start of a value whose path is `path`.
    if (pos >= offset) return path;
    const c = text[pos];
    if (c === '{' || c === '[') {
      pos = skipSpace(text, pos + 1);
      const close = c === '{' ? '}' : ']';
      if (text[pos] !== close) {
        lists.push(c === '[');
        if (c === '[') path.push(0);
        else pos = memberValue(text, pos, path);
        continue;
      }
      pos++;
    } else pos = skipValue(text, pos);
    // After a value: the next item of the innermost container, or its end (and so on outwards).
    for (;;) {
      if (lists.length === 0) return path;
      pos = skipSpace(text, pos);
      if (text[pos] === ',') {
        pos = skipSpace(text, pos + 1);
        if (lists[lists.length - 1]) path[path.length - 1] = (path[path.length - 1] as number) + 1;
        else {
          path.pop();
          pos = memberValue(text, pos, path);
        }
        break;
      }
      // `}` or `]`: the container ends.
      pos++;
      lists.pop();
      path.pop();
    }
  }
}

/** At a member's name: pushes the (decoded) name and returns where its value starts. */
function memberValue(text: string, pos: number, path: PathSegment[]): number {
  const end = skipString(text, pos);
  const raw = text.slice(pos, end);
  path.push(raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1));
  return skipSpace(text, skipSpace(text, end) + 1);
}
