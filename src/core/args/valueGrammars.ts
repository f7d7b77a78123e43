// The grammars of the structured option values, read with the place of every part so that a
// check can underline the one number that is wrong:
// --shapes "[1,3,224,224],[1,2]" (or wrapped in one more pair of brackets), --descs
// "[0,int32,0,256],[1,float,0,1]" (../shared/toolchains.md §1.3, §1.4) and ATC's --input_shape
// "name:1,3,224,224;name2:1,2" (§6.2). Indices are into the value's text.

import { t } from '../l10n';

export interface Span {
  from: number;
  to: number;
}

export interface Atom extends Span {
  kind: 'atom';
  text: string;
}

export interface List extends Span {
  kind: 'list';
  items: Item[];
}

export type Item = Atom | List;

export interface GrammarError extends Span {
  message: string;
}

/** Space, tab, CR, LF (what may stand around the parts of a value). */
function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Comma-separated items, where an item is a bare word or a bracketed list of items. */
export function parseBracketed(text: string): { items: Item[]; error?: GrammarError } {
  let i = 0;
  const skip = () => {
    while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  };
  const item = (): Item | GrammarError => {
    skip();
    if (text[i] === '[') {
      const from = i++;
      const items: Item[] = [];
      skip();
      if (text[i] === ']') return { from, to: ++i, kind: 'list', items };
      for (;;) {
        const inner = item();
        if (!('kind' in inner)) return inner;
        items.push(inner);
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return { from, to: ++i, kind: 'list', items };
        if (i >= text.length) return { from, to: from + 1, message: t('this [ is not closed') };
        return { from: i, to: i + 1, message: t('expected a comma or ] here, found {0}', text[i]) };
      }
    }
    const from = i;
    for (let c = text.charCodeAt(i); i < text.length && c !== 0x5b && c !== 0x5d && c !== 0x2c && !isBlank(c); c = text.charCodeAt(++i));
    if (i === from) return { from, to: Math.min(from + 1, text.length), message: i < text.length ? t('unexpected {0}', text[i]) : t('a value is missing at the end') };
    return { from, to: i, kind: 'atom', text: text.slice(from, i) };
  };
  const items: Item[] = [];
  for (;;) {
    const next = item();
    if (!('kind' in next)) return { items, error: next };
    items.push(next);
    skip();
    if (i >= text.length) return { items };
    if (text[i] !== ',') return { items, error: { from: i, to: i + 1, message: t('expected a comma here, found {0}', text[i]) } };
    i++;
  }
}

export interface ShapeValue extends Span {
  dims: { value: number; from: number; to: number }[];
}

/** The shapes of a --shapes value, or the first thing wrong with it. */
export function parseShapes(text: string): { shapes: ShapeValue[]; error?: GrammarError } {
  const parsed = parseBracketed(text);
  if (parsed.error) return { shapes: [], error: parsed.error };
  let groups = parsed.items;
  // [[1,3,224,224],[1,2]]: one outer list around the shapes.
  if (groups.length === 1 && groups[0].kind === 'list' && groups[0].items.length > 0 && groups[0].items.every((x) => x.kind === 'list')) groups = groups[0].items;
  const shapes: ShapeValue[] = [];
  for (const g of groups) {
    if (g.kind !== 'list') return { shapes, error: { from: g.from, to: g.to, message: t('a shape is a bracketed list of dimensions, as in [1,3,224,224]') } };
    if (g.items.length === 0) return { shapes, error: { from: g.from, to: g.to, message: t('a shape without dimensions') } };
    const dims: ShapeValue['dims'] = [];
    for (const d of g.items) {
      if (d.kind !== 'atom') return { shapes, error: { from: d.from, to: d.to, message: t('a dimension is a number; a list inside a shape is one bracket level too many') } };
      if (!/^\d+$/.test(d.text)) return { shapes, error: { from: d.from, to: d.to, message: t('{0} is not a whole number', d.text) } };
      const value = Number(d.text);
      if (value < 1) return { shapes, error: { from: d.from, to: d.to, message: t('a dimension must be at least 1, not {0}', d.text) } };
      dims.push({ value, from: d.from, to: d.to });
    }
    shapes.push({ from: g.from, to: g.to, dims });
  }
  return { shapes };
}

export interface DescValue extends Span {
  index: Atom;
  dtype: Atom;
  lower: Atom;
  upper: Atom;
}

/** The descriptions of a --descs value, or the first thing wrong with one. */
export function parseDescs(text: string): { descs: DescValue[]; error?: GrammarError } {
  const parsed = parseBracketed(text);
  if (parsed.error) return { descs: [], error: parsed.error };
  const descs: DescValue[] = [];
  for (const g of parsed.items) {
    if (g.kind !== 'list' || g.items.length !== 4 || g.items.some((x) => x.kind !== 'atom')) {
      return { descs, error: { from: g.from, to: g.to, message: t('a description is [index,dtype,lower,upper], as in [0,int32,0,256]') } };
    }
    const [index, dtype, lower, upper] = g.items as Atom[];
    if (!/^\d+$/.test(index.text)) return { descs, error: { from: index.from, to: index.to, message: t('the input index {0} is not a whole number', index.text) } };
    for (const bound of [lower, upper]) {
      if (!/^-?\d+(\.\d*)?([eE][-+]?\d+)?$/.test(bound.text)) return { descs, error: { from: bound.from, to: bound.to, message: t('the bound {0} is not a number', bound.text) } };
    }
    descs.push({ from: g.from, to: g.to, index, dtype, lower, upper });
  }
  return { descs };
}

export interface InputShapeEntry extends Span {
  name: string;
  nameSpan: Span;
  dims: { text: string; from: number; to: number }[];
}

/**
 * ATC --input_shape: entries split at `;`, each at its last `:` into a name and dims split at
 * `,` (spaces around dims are accepted in practice). `-1` and `n1~n2` are dynamic dims.
 */
export function parseInputShape(text: string): { entries: InputShapeEntry[]; error?: GrammarError } {
  const entries: InputShapeEntry[] = [];
  let from = 0;
  for (const part of text.split(';')) {
    const to = from + part.length;
    if (part.trim() === '' && to === text.length && entries.length > 0) break; // a trailing ';'
    const colon = part.lastIndexOf(':');
    if (colon < 0) return { entries, error: { from, to: Math.max(to, from + 1), message: t('an entry is name:dims, as in data:1,3,224,224; this one has no colon') } };
    const name = part.slice(0, colon).trim();
    if (!name) return { entries, error: { from, to: from + colon + 1, message: t('the input name before the colon is empty') } };
    const dims: InputShapeEntry['dims'] = [];
    let d = from + colon + 1;
    const dimsText = part.slice(colon + 1);
    if (!dimsText.trim()) return { entries, error: { from: from + colon, to: Math.max(to, from + colon + 1), message: t('the dimensions after the colon are empty') } };
    for (const dim of dimsText.split(',')) {
      const lead = dim.length - dim.trimStart().length;
      const value = dim.trim();
      const span = { from: d + lead, to: d + lead + value.length };
      if (/^-?\d+\.\d*$/.test(value)) return { entries, error: { ...span, message: t('{0} is not a whole number', value) } };
      if (!/^(-1|\d+|\d+~\d+|\d+~-1)$/.test(value)) return { entries, error: { ...span, to: Math.max(span.to, span.from + 1), message: t('{0} is not a dimension (a whole number, -1, or a range such as 1~8)', value) } };
      if (value === '0') return { entries, error: { ...span, message: t('a dimension must be positive, or -1 for a dynamic one') } };
      dims.push({ text: value, ...span });
      d += dim.length + 1;
    }
    const lead = part.length - part.trimStart().length;
    entries.push({ from, to, name, nameSpan: { from: from + lead, to: from + lead + name.length }, dims });
    from = to + 1;
  }
  return { entries };
}
