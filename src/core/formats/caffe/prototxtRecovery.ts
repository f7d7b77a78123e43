// Reading past syntax errors (the reader's `recover` option), as a compiler does: an error is
// noted, reading skips to the next field of the same block and goes on, so an editor shows every
// error at once and the layers that did parse stay usable. A name that belongs to an enclosing
// block, written where a block left open would swallow it, closes that block (noted as never
// closed) instead of being read as an unknown field. Without `recover` the first error is thrown.

import { ModelFormatError, type FilePlace } from '../../errors';
import { t } from '../../l10n';
import type { ProtoMessage } from './protoMessage';
import type { MessageType } from './schema';
import type { TextLayout } from './textLayout';
import { C, isIdentStart, PrototxtLexer } from './prototxtLexer';

/**
 * More syntax errors than this and the text is not a prototxt being edited but something else
 * (a binary file, a pasted log): reading stops there, with one last error saying so.
 */
export const MAX_SYNTAX_ERRORS = 1000;

/** The reader's state of open blocks and errors, and the ways it reads on past an error. */
export abstract class PrototxtRecovery extends PrototxtLexer {
  readonly errors: ModelFormatError[] = [];
  protected depth = 0;
  /** Per open block depth (0 = the file): its type, where its '{' is, its line's indent (-1: not yet measured). */
  private readonly openTypes: (MessageType | undefined)[] = [];
  private readonly openAt: number[] = [];
  private readonly openIndent: number[] = [];
  /** While recovering from an unclosed block: the depth whose block reads on (-1: none). */
  protected unwindTo = -1;
  /** Where the block being unwound ends (the end of its last field). */
  protected unwindEnd = 0;
  /** The layout entry of the field being read, dropped when its value fails. */
  protected fieldEntry = -1;
  private stopped = false;

  constructor(
    s: string,
    protected readonly file: string,
    protected readonly recover: boolean,
    readonly layout: TextLayout,
  ) {
    super(s);
  }

  /** The token at `offset` as a place with an end. */
  protected abstract placeAt(offset: number): FilePlace;

  /** Reads one `name: value` or `name { … }` entry at `this.p`, throwing its first syntax error. */
  protected abstract readField(message: ProtoMessage, block: number, type: MessageType | undefined): void;

  /**
   * Reads one field of the block closed by `close`; a syntax error in it is noted, the field's
   * place dropped, and reading skips to the block's next field.
   */
  protected readPastErrors(message: ProtoMessage, block: number, type: MessageType | undefined, close: number): void {
    const start = this.p;
    const depth = this.depth;
    this.fieldEntry = -1;
    try {
      this.readField(message, block, type);
    } catch (e) {
      if (!(e instanceof ModelFormatError) || e.file !== this.file) throw e;
      this.depth = depth;
      // A value that failed leaves no place behind: places must pair with the values stored.
      if (this.fieldEntry !== -1) this.layout.fieldOwner.set(this.fieldEntry, -1);
      this.note(e);
      this.skipToNextField(close);
      // Always past the token that failed: every error costs at least one token of the text.
      if (this.p <= start) this.p = this.tokenEnd(start);
    }
  }

  /** Notes the block now open at `this.depth`. */
  protected enter(type: MessageType | undefined, openedAt: number): void {
    this.openTypes[this.depth] = type;
    this.openAt[this.depth] = openedAt;
    this.openIndent[this.depth] = -1;
  }

  /** With `recover`: a syntax error noted and reading goes on; else it is thrown. */
  protected error(offset: number, detail: string): void {
    const e = new ModelFormatError(this.file, this.placeAt(offset), detail);
    if (!this.recover) throw e;
    this.note(e);
  }

  private note(e: ModelFormatError): void {
    if (this.stopped) return;
    this.errors.push(e);
    if (this.errors.length < MAX_SYNTAX_ERRORS) return;
    // Too many to be a net being typed: what follows is not read, and nothing more is said.
    this.errors.push(new ModelFormatError(this.file, e.place, t('reading stopped after {0} syntax errors; the rest of the file is not checked', MAX_SYNTAX_ERRORS)));
    this.stopped = true;
    this.p = this.n;
  }

  /**
   * After a syntax error in a block closed by `close`: skips to the next field name of that block
   * (a name followed by ':', '{' or '<'), or to its closing character, whichever comes first.
   * Nested blocks are skipped whole and strings as the lexer reads them, so every character is
   * looked at once however many errors there are.
   */
  protected skipToNextField(close: number): void {
    const s = this.s;
    let depth = 0;
    for (;;) {
      this.skipSpace();
      const p = this.p;
      if (p >= this.n) return;
      const c = s.charCodeAt(p);
      if (c === C.LBRACE || c === C.LT) {
        depth++;
        this.p++;
      } else if (c === C.RBRACE || c === C.GT) {
        // This block's end (or a stray closer the loop will report); at the top a stray one is skipped.
        if (depth === 0 && close !== -1) return;
        if (depth > 0) depth--;
        this.p++;
      } else if (depth === 0 && isIdentStart(c)) {
        const end = this.tokenEnd(p);
        this.p = end;
        this.skipSpace();
        const d = s.charCodeAt(this.p);
        if (d === C.COLON || d === C.LBRACE || d === C.LT) {
          this.p = p;
          return;
        }
      } else this.p = this.tokenEnd(p);
    }
  }

  /**
   * Whether an unknown field `name` starting a line is really the next field of an enclosing
   * message, the blocks between never closed (`layer {` after a layer missing its '}', `bottom:`
   * after a `convolution_param {` left open): if so each is noted as never closed and unwound, so
   * the next layer is read as a layer and not swallowed by the one before. Only a name no deeper
   * indented than the line of the outermost block it closes counts: a fork's own field of that
   * name, nested and indented inside, is read as before.
   */
  protected closesUnclosedBlocks(name: string, nameStart: number): boolean {
    const s = this.s;
    let q = nameStart - 1;
    while (q >= 0 && (s.charCodeAt(q) === C.SPACE || s.charCodeAt(q) === C.TAB)) q--;
    if (q >= 0 && s.charCodeAt(q) !== C.LF && s.charCodeAt(q) !== C.CR) return false;
    const indent = nameStart - q - 1;
    let target = -1;
    for (let d = this.depth - 1; d >= 0; d--) {
      if (this.openTypes[d]?.fields.has(name)) {
        target = d;
        break;
      }
    }
    if (target === -1 || indent > this.indentOfOpen(target + 1)) return false;
    const after = this.p;
    this.skipSpace();
    const c = s.charCodeAt(this.p);
    this.p = after;
    if (c !== C.COLON && c !== C.LBRACE && c !== C.LT) return false;
    for (let d = this.depth; d > target; d--) {
      this.error(this.openAt[d], t('\'{0}\' is never closed', String.fromCharCode(s.charCodeAt(this.openAt[d]))));
    }
    if (this.stopped) return true;
    // The unwound blocks end where their last field did, not at the next layer's name.
    let end = nameStart;
    while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
    this.unwindTo = target;
    this.unwindEnd = end;
    this.p = nameStart;
    return true;
  }

  /** Spaces and tabs before the first token of the line holding the '{' of the block at `depth`. */
  private indentOfOpen(depth: number): number {
    if (this.openIndent[depth] !== -1) return this.openIndent[depth];
    const at = this.openAt[depth];
    // From the line index, not by scanning back: a '{' far into a long line costs no more.
    const start = at - this.layout.lines.position(at).column + 1;
    let q = start;
    while (q < at && (this.s.charCodeAt(q) === C.SPACE || this.s.charCodeAt(q) === C.TAB)) q++;
    this.openIndent[depth] = q - start;
    return q - start;
  }
}

function isSpace(c: number): boolean {
  return c === C.SPACE || c === C.LF || c === C.TAB || c === C.CR || c === C.VT || c === C.FF;
}
