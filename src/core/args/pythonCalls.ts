// Compiler calls in Python: `bmpaddle.compile(model="./m", shapes=[[1,3,224,224]], …)` and the
// other front ends' `compile(...)`. Keyword arguments are read as options; a literal value
// (a string, a number, True/False, a list) is read as the command line would carry it, anything
// else (a variable, a call, an f-string) is unknown and never judged.

import { toolNamed, type Invocation, type OptionUse } from './invocation';
import type { Piece } from './shellWords';

const CALL = /\b(bm[a-z]+)\s*\.\s*compile\s*\(/g;

export function pythonInvocations(source: string): Invocation[] {
  const found: Invocation[] = [];
  for (const m of source.matchAll(CALL)) {
    const tool = toolNamed(m[1]);
    if (tool?.family !== 'bmnet' || inCommentOrString(source, m.index)) continue;
    const open = m.index + m[0].length;
    const args = splitArguments(source, open);
    const options: OptionUse[] = [];
    let opaque = false;
    for (const [k, arg] of args.list.entries()) {
      const kw = /^(\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*)=(?!=)/.exec(source.slice(arg.start, arg.end));
      if (!kw) {
        if (source.slice(arg.start, arg.end).trim()) opaque = true;
        continue;
      }
      const nameStart = arg.start + kw[1].length;
      const valueStart = arg.start + kw[0].length;
      options.push({
        name: kw[2],
        dashes: '',
        start: nameStart,
        end: nameStart + kw[2].length,
        value: literal(source, valueStart, arg.end),
        // `, name=value` after another argument; the first one takes the comma after it instead.
        wholeStart: k > 0 ? arg.start - 1 : nameStart,
        wholeEnd: k > 0 || k + 1 >= args.list.length ? arg.end : args.list[k + 1].start,
        spec: tool.options.get(kw[2]),
      });
    }
    found.push({ tool, syntax: 'python', start: m.index, end: open - 1, insertAt: args.close, options, opaque });
  }
  return found;
}

/** Whether `at` is after a `#` or inside quotes on its line (a call in a comment or a string is no call). */
function inCommentOrString(source: string, at: number): boolean {
  let quote = '';
  for (let i = source.lastIndexOf('\n', at - 1) + 1; i < at; i++) {
    const ch = source[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return true;
  }
  return quote !== '';
}

/** The top-level arguments between `(` (just before `open`) and its `)`. */
function splitArguments(source: string, open: number): { list: { start: number; end: number }[]; close: number } {
  const list: { start: number; end: number }[] = [];
  let depth = 0;
  let start = open;
  let i = open;
  for (; i < source.length; i++) {
    const ch = source[i];
    if (ch === '"' || ch === "'") i = stringEnd(source, i) - 1;
    else if (ch === '#') i = Math.max(source.indexOf('\n', i) - 1, i);
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if ((ch === ')' || ch === ']' || ch === '}') && depth > 0) depth--;
    else if (ch === ')') break;
    else if (ch === ',' && depth === 0) {
      list.push({ start, end: i });
      start = i + 1;
    }
  }
  list.push({ start, end: i });
  // The insertion point: after the last argument's text, before any trailing comma and spaces.
  let close = i;
  while (close > open && /[\s,]/.test(source[close - 1])) close--;
  return { list, close };
}

/** Offset after the string literal starting at `i` (a quote, maybe tripled). */
function stringEnd(source: string, i: number): number {
  const q = source[i];
  const triple = source.startsWith(q.repeat(3), i);
  const closer = triple ? q.repeat(3) : q;
  for (let k = i + closer.length; k < source.length; k++) {
    if (source[k] === '\\') k++;
    else if (source.startsWith(closer, k)) return k + closer.length;
    else if (!triple && source[k] === '\n') return k;
  }
  return source.length;
}

function verbatim(source: string, start: number, end: number, unknown = false): Piece {
  const at: number[] = [];
  for (let k = start; k <= end; k++) at.push(k);
  return { text: source.slice(start, end), at, unknown };
}

/** A string literal's content at [start, end) of the source, or undefined when it is not one plain literal. */
function stringContent(source: string, start: number, end: number): Piece | undefined {
  const m = /^([rRuU]?)(['"])/.exec(source.slice(start, end));
  if (!m) return undefined;
  const q = start + m[1].length;
  const close = stringEnd(source, q);
  if (close !== end) return undefined;
  const triple = source.startsWith(source[q].repeat(3), q) ? 3 : 1;
  // A string still being typed (no closing quote yet) has no value to judge.
  if (close - q < 2 * triple || source.slice(close - triple, close) !== source[q].repeat(triple)) return verbatim(source, q, end, true);
  const from = q + triple;
  const to = close - triple;
  const text = source.slice(from, to);
  // Escapes would shift characters against their offsets; such a value is rare enough to skip.
  if (text.includes('\\') && !m[1].match(/[rR]/)) return verbatim(source, from, to, true);
  return verbatim(source, from, to);
}

function literal(source: string, start: number, end: number): Piece {
  while (start < end && /\s/.test(source[start])) start++;
  while (end > start && /\s/.test(source[end - 1])) end--;
  const text = source.slice(start, end);
  const asString = stringContent(source, start, end);
  if (asString) return asString;
  if (/^(True|False|-?\d+(\.\d+)?)$/.test(text)) return verbatim(source, start, end);
  // A list of string literals (input_names=["x", "y"]) is the comma-separated names.
  if (/^[[(]/.test(text)) {
    const items = text.slice(1, -1).split(',').map((s) => s.trim()).filter(Boolean);
    if (items.length > 0 && items.every((s) => /^(['"])[^'"\\]*\1$/.test(s))) {
      const pieces: Piece[] = [];
      let from = start + 1;
      for (const item of items) {
        const at = source.indexOf(item, from);
        pieces.push(verbatim(source, at + 1, at + item.length - 1));
        from = at + item.length;
      }
      return joinPieces(pieces);
    }
    // A nested list of numbers (shapes=[[1,3,224,224]]) reads as the command line's text.
    if (/^[[\]()\d\s,-]+$/.test(text)) {
      const piece = verbatim(source, start, end);
      // Tuples read as lists: the same length, so every character keeps its offset.
      return { ...piece, text: piece.text.replace(/\(/g, '[').replace(/\)/g, ']') };
    }
  }
  return verbatim(source, start, end, true);
}

function joinPieces(pieces: Piece[]): Piece {
  let text = '';
  const at: number[] = [];
  pieces.forEach((p, i) => {
    if (i > 0) {
      text += ',';
      at.push(pieces[i - 1].at[pieces[i - 1].text.length]);
    }
    text += p.text;
    at.push(...p.at.slice(0, p.text.length));
  });
  at.push(pieces[pieces.length - 1].at[pieces[pieces.length - 1].text.length]);
  return { text, at, unknown: false };
}
