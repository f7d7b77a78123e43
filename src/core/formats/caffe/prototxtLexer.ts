// The prototxt lexer: spaces and comments, value tokens (strings, numbers, identifiers) read over
// char codes into fields of its own (no object per token), short strings interned. The reader
// (prototxtReader.ts) builds on it; how tokens become fields and messages is the reader's.

import { t } from '../../l10n';
import { isHexPrefix, readEscape } from './textScalars';

/** A prototxt string value longer than this is no setting: a clear error, not a gigabyte string. */
const MAX_STRING_CHARS = 16 * 1024 * 1024;

export const enum C {
  TAB = 9, LF = 10, VT = 11, FF = 12, CR = 13, SPACE = 32, HASH = 35, DQUOTE = 34, SQUOTE = 39,
  COMMA = 44, MINUS = 45, PLUS = 43, DOT = 46, COLON = 58, SEMI = 59, LT = 60, GT = 62,
  LBRACKET = 91, RBRACKET = 93, BACKSLASH = 92, LBRACE = 123, RBRACE = 125, UNDERSCORE = 95,
}

export const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === C.UNDERSCORE;
export const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number) => c >= 48 && c <= 57;

// The current value token lives in the lexer's fields (no object per token).
export const enum T { STRING, NUMBER, IDENT, INTEGER }

export abstract class PrototxtLexer {
  protected p = 0;
  protected tokKind = T.STRING;
  /** The string's value, or the number's or identifier's text. */
  protected tok = '';
  /** T.INTEGER: a plain decimal integer read without making its text, and where it starts. */
  protected tokInteger = 0;
  protected tokStart = 0;
  protected readonly n: number;
  private readonly interned: (string | undefined)[] = new Array(4096).fill(undefined);

  constructor(protected readonly s: string) {
    this.n = s.length;
    if (s.charCodeAt(0) === 0xfeff) this.p = 1;
  }

  /** Throws the reader's one-line error for the token at `offset`. */
  protected abstract fail(offset: number, detail: string): never;

  /** Where the token starting at `offset` ends: a name or number, a quoted string on its line, else one character. */
  protected tokenEnd(offset: number): number {
    const s = this.s;
    if (offset >= this.n) return offset;
    const c = s.charCodeAt(offset);
    if (c === C.DQUOTE || c === C.SQUOTE) {
      for (let q = offset + 1; q < this.n; q++) {
        const d = s.charCodeAt(q);
        if (d === C.LF || d === 13) return q;
        if (d === C.BACKSLASH) q++;
        else if (d === c) return q + 1;
      }
      return this.n;
    }
    let q = offset;
    while (q < this.n) {
      const d = s.charCodeAt(q);
      if (!isIdentPart(d) && d !== C.DOT && d !== C.MINUS && d !== C.PLUS) break;
      q++;
    }
    if (q > offset) return q;
    // One character, a surrogate pair counted whole.
    return offset + (s.codePointAt(offset)! > 0xffff ? 2 : 1);
  }

  /**
   * The text [start, end) as a string, shared with earlier equal ones: names, types and enum values
   * repeat thousands of times in a big net, and one copy each keeps memory and GC time down.
   */
  protected intern(start: number, end: number, hash: number): string {
    // A fixed table, last one wins: frequent texts stay, one-off names cost no more than a slice.
    const slot = (hash ^ (hash >>> 13) ^ (end - start)) & 4095;
    const known = this.interned[slot];
    if (known !== undefined && known.length === end - start && this.s.startsWith(known, start)) return known;
    const text = this.s.slice(start, end);
    this.interned[slot] = text;
    return text;
  }

  protected skipSpace(): void {
    const s = this.s;
    const n = this.n;
    let p = this.p;
    while (p < n) {
      const c = s.charCodeAt(p);
      if (c === C.SPACE || c === C.LF || c === C.TAB || c === C.CR || c === C.VT || c === C.FF) p++;
      else if (c === C.HASH) {
        // A comment ends at the end of its line, a lone CR included, as the editor shows it.
        let eol = p + 1;
        while (eol < n) {
          const d = s.charCodeAt(eol);
          if (d === C.LF || d === C.CR) break;
          eol++;
        }
        p = eol;
      } else break;
    }
    this.p = p;
  }

  protected describe(at: number): string {
    if (at >= this.n) return t('the end of the file');
    const c = this.s.codePointAt(at)!;
    return `'${String.fromCodePoint(c)}'`;
  }

  /** Reads one scalar token into tokKind/tok. */
  protected readToken(): void {
    const s = this.s;
    const start = this.p;
    if (start >= this.n) this.fail(start, t('expected a value, found {0}', this.describe(start)));
    const c = s.charCodeAt(start);
    if (c === C.DQUOTE || c === C.SQUOTE) {
      let value = this.readString();
      // Adjacent strings concatenate; the value ends with the last one, not the space after it.
      for (let end = this.p; ; end = this.p) {
        this.skipSpace();
        const d = s.charCodeAt(this.p);
        if (d !== C.DQUOTE && d !== C.SQUOTE) {
          this.p = end;
          break;
        }
        value += this.readString();
      }
      this.tokKind = T.STRING;
      this.tok = value;
      return;
    }
    if (isDigit(c) && c !== 48) {
      // Fast path for the common case, a plain decimal integer: no slice, no parse.
      let q = start;
      let v = 0;
      for (; q < this.n; q++) {
        const d = s.charCodeAt(q);
        if (d < 48 || d > 57) break;
        v = v * 10 + (d - 48);
      }
      const after = q < this.n ? s.charCodeAt(q) : 32;
      if (!isIdentPart(after) && after !== C.DOT && q - start < 16) {
        this.p = q;
        this.tokKind = T.INTEGER;
        this.tokInteger = v;
        this.tokStart = start;
        return;
      }
    }
    if (isDigit(c) || c === C.MINUS || c === C.DOT || c === C.PLUS) {
      let q = start + 1;
      if ((c === C.MINUS || c === C.PLUS) && q < this.n && isIdentStart(s.charCodeAt(q))) {
        while (q < this.n && isIdentPart(s.charCodeAt(q))) q++;
      } else {
        while (q < this.n) {
          const d = s.charCodeAt(q);
          if (isIdentPart(d) || d === C.DOT) q++;
          else if ((d === C.MINUS || d === C.PLUS) && (s.charCodeAt(q - 1) | 32) === 101 && !isHexPrefix(s, start, q)) q++;
          else break;
        }
      }
      this.p = q;
      this.tokKind = T.NUMBER;
      this.tok = s.slice(start, q);
      return;
    }
    if (isIdentStart(c)) {
      let q = start + 1;
      let h = c;
      for (; q < this.n; q++) {
        const d = s.charCodeAt(q);
        if (!isIdentPart(d)) break;
        h = (h * 31 + d) | 0;
      }
      this.p = q;
      this.tokKind = T.IDENT;
      this.tok = this.intern(start, q, h);
      return;
    }
    this.fail(start, t('expected a value, found {0}', this.describe(start)));
  }

  protected readString(): string {
    const s = this.s;
    const quote = s.charCodeAt(this.p);
    const start = this.p + 1;
    let q = start;
    // Fast path: no escapes, one (interned) slice.
    let h = 0;
    for (;;) {
      if (q >= this.n) this.fail(this.p, t('string is never closed'));
      const c = s.charCodeAt(q);
      if (c === quote) {
        if (q - start > MAX_STRING_CHARS) this.fail(start - 1, t('a string longer than {0} characters is not read', MAX_STRING_CHARS));
        this.p = q + 1;
        return q - start <= 64 ? this.intern(start, q, h) : s.slice(start, q);
      }
      h = (h * 31 + c) | 0;
      if (c === C.BACKSLASH) break;
      if (c === C.LF || c === C.CR) this.fail(this.p, t('string is not closed on its line'));
      q++;
    }
    // Escapes make a part each; parts are joined into chunks as they come, so a string of ten
    // million escapes holds a few thousand chunks, not ten million one-character strings.
    let parts: string[] = [s.slice(start, q)];
    const chunks: string[] = [];
    let length = 0;
    while (q < this.n) {
      if (parts.length >= 4096) {
        const chunk = parts.join('');
        length += chunk.length;
        if (length > MAX_STRING_CHARS) this.fail(start - 1, t('a string longer than {0} characters is not read', MAX_STRING_CHARS));
        chunks.push(chunk);
        parts = [];
      }
      const c = s.charCodeAt(q);
      if (c === quote) {
        this.p = q + 1;
        chunks.push(parts.join(''));
        return chunks.join('');
      }
      if (c === C.LF || c === C.CR) break;
      if (c !== C.BACKSLASH) {
        let r = q + 1;
        while (r < this.n) {
          const d = s.charCodeAt(r);
          if (d === quote || d === C.BACKSLASH || d === C.LF || d === C.CR) break;
          r++;
        }
        parts.push(s.slice(q, r));
        q = r;
        continue;
      }
      q = readEscape(s, q, parts, (at, detail) => this.fail(at, detail));
    }
    this.fail(this.p, t('string is not closed on its line'));
  }

  protected tokenText(): string {
    return this.tokKind === T.STRING ? t('the string "{0}"', this.tok.slice(0, 40)) : `'${this.tok}'`;
  }
}
