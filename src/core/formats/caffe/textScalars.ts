// The scalar spellings of the protobuf text format: numbers (decimal, hex, octal, floats with an
// optional `f`, inf, nan), C escapes in strings, and the ranges of the integer types.

import { t } from '../../l10n';

const MINUS = 45;
const PLUS = 43;

export const INT_LIMITS: Record<string, [number, number]> = {
  int32: [-2147483648, 2147483647], sint32: [-2147483648, 2147483647], sfixed32: [-2147483648, 2147483647],
  uint32: [0, 4294967295], fixed32: [0, 4294967295],
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER], sint64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  sfixed64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER], fixed64: [0, Number.MAX_SAFE_INTEGER],
};

export function isHexPrefix(s: string, start: number, q: number): boolean {
  let i = start;
  if (s.charCodeAt(i) === MINUS || s.charCodeAt(i) === PLUS) i++;
  return q > i + 1 && s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 32) === 120;
}

/** Appends the escape at `q` (a backslash) in `s` to `parts`; returns the offset after it. */
export function readEscape(s: string, q: number, parts: string[], fail: (at: number, detail: string) => never): number {
  const e = s.charAt(q + 1);
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
  if (simple[e] !== undefined) {
    parts.push(simple[e]);
    return q + 2;
  }
  if (e >= '0' && e <= '7') {
    let r = q + 1;
    while (r < q + 4 && s.charAt(r) >= '0' && s.charAt(r) <= '7') r++;
    parts.push(String.fromCharCode(parseInt(s.slice(q + 1, r), 8) & 0xff));
    return r;
  }
  if (e === 'x' || e === 'X') {
    let r = q + 2;
    while (r < q + 4 && /[0-9a-fA-F]/.test(s.charAt(r))) r++;
    if (r === q + 2) fail(q, t('{0} escape without hex digits', '\\x'));
    parts.push(String.fromCharCode(parseInt(s.slice(q + 2, r), 16)));
    return r;
  }
  if (e === 'u' || e === 'U') {
    const len = e === 'u' ? 4 : 8;
    const hex = s.slice(q + 2, q + 2 + len);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) fail(q, t('{0} escape needs {1} hex digits', `\\${e}`, len));
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) fail(q, t('{0} is not a Unicode code point', `\\${e}${hex}`));
    parts.push(String.fromCodePoint(code));
    return q + 2 + len;
  }
  fail(q, t('unknown escape \'{0}\' in string', `\\${e}`));
}

const FLOAT_RE = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?[fF]?$/;

/** Text-format numbers: decimal, hex and octal integers, floats with an optional `f`, inf and nan. */
export function parseNumber(text: string): { value: number; integer: boolean } | undefined {
  let i = 0;
  let sign = 1;
  const first = text.charCodeAt(0);
  if (first === MINUS || first === PLUS) {
    sign = first === MINUS ? -1 : 1;
    i = 1;
  }
  if (i >= text.length) return undefined;
  // Fast path: plain decimal digits.
  let value = 0;
  let j = i;
  for (; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  if (j === text.length) {
    if (text.charCodeAt(i) === 48 && text.length - i > 1) {
      const octal = text.slice(i);
      return /^[0-7]+$/.test(octal) ? { value: sign * parseInt(octal, 8), integer: true } : undefined;
    }
    return { value: sign * value, integer: true };
  }
  const body = text.slice(i).toLowerCase();
  if (body === 'inf' || body === 'infinity') return { value: sign * Infinity, integer: false };
  if (body === 'nan') return { value: NaN, integer: false };
  if (/^0x[0-9a-f]+$/.test(body)) return { value: sign * parseInt(body.slice(2), 16), integer: true };
  if (FLOAT_RE.test(text)) {
    const v = parseFloat(text.endsWith('f') || text.endsWith('F') ? text.slice(0, -1) : text);
    return Number.isNaN(v) ? undefined : { value: v, integer: false };
  }
  return undefined;
}
