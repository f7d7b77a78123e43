// The values inside a PIR op, read for the program scanner (pirProgramScan.ts): operand ids,
// results with their types, attribute lists, and the checking of what is not kept. Compact text
// in Paddle's key order goes through pirFastDecode's shapes, and what an op of the same kind
// had at the same place (an attribute entry, a result type) is first tried whole; anything
// else is decoded by the general decoders (pirTypes, pirAttributes) from JSON.parse of its
// own slice, once per distinct text. Values read once serve every op that repeats them: types
// and attribute values are not changed after reading.

import { t } from '../../l10n';
import * as attributes from './pirAttributes';
import type { AttributeEntry } from './pirAttributes';
import * as fast from './pirFastDecode';
import { JsonTooDeep, KEY_HASH, KEY_PERCENT, KEY_TT, type JsonCursor } from './pirJsonCursor';
import { PirStructureError, root, type PathSegment } from './pirProblem';
import type { PirOp, PirValue } from './pirProgram';
import { readType, type PirType } from './pirTypes';

// Hot functions and key codes as local constants: through the module object each use would be
// a getter call in the CommonJS the tests and the bench run.
const { readAttributeEntry, setAttribute } = attributes;
const { fastAttributeEntry, fastSkipAttributeList, fastType } = fast;
const HASH = KEY_HASH;
const PERCENT = KEY_PERCENT;
const TT = KEY_TT;

/** A structural problem at `rel` below the value that starts at `base` (or, with base -1, at the document path `rel`). */
export class ScanFailure extends Error {
  override readonly name = 'ScanFailure';
  constructor(
    readonly base: number,
    readonly rel: PathSegment[],
    readonly detail: string,
  ) {
    super(detail);
  }
}

export function failAt(base: number, detail: string, rel: PathSegment[] = []): never {
  throw new ScanFailure(base, rel, detail);
}

/** Decoded texts longer than this are not kept for reuse (a crafted 200,000-dim type). */
const MAX_KEPT_TEXT = 2000;
const MAX_KEPT = 20000;

/** A type's text (a whole JSON value) and what it reads as. */
interface RecentType {
  text: string;
  type: PirType;
}

/** Stands for a container where an id was expected (never a valid id). */
const NOT_AN_ID = Symbol('not an id');

export class ValueReader {
  constructor(
    readonly cursor: JsonCursor,
    /** Notes an attribute type id this reader does not know (op name, type id, attribute name). */
    private readonly noteUnknown: (op: string, id: string, attribute: string) => void,
  ) {}

  private readonly types = new Map<string, PirType>();
  private readonly attributeEntries = new Map<string, AttributeEntry>();
  /** Container texts already checked to be JSON (the result attributes repeat verbatim). */
  private readonly checked = new Set<string>();

  readOperands(): number[] {
    const c = this.cursor;
    if (c.peek() !== 0x5b) failAt(c.pos, t('"I" (the operands) must be a list'));
    c.pos++;
    const ids: number[] = [];
    while (!c.atEnd(0x5d, ids.length)) {
      const at = c.peek() === 0x7b ? c.pos : failAt(c.pos, t('an operand is an object {"%": value id}'));
      // `{"%":12}` as Paddle writes it; anything else member by member.
      const fast = this.compactId(at);
      if (fast !== undefined && c.text.charCodeAt(c.pos) === 0x7d) {
        c.pos++;
        ids.push(fast);
        continue;
      }
      c.pos = at + 1;
      ids.push(this.valueIdMembers(at, false));
    }
    return ids;
  }

  /**
   * Reads the members of a value object up to its `}`: the id under `%` (current writer) or `#`
   * (an earlier one, and block arguments). With `typed`, the offset of `TT` is kept in lastType.
   */
  private valueIdMembers(at: number, typed: boolean): number {
    const c = this.cursor;
    let percent: unknown;
    let hash: unknown;
    this.lastType = -1;
    this.lastTypeValue = undefined;
    for (let count = 0; !c.atEnd(0x7d, count); count++) {
      const key = c.key();
      if (key === PERCENT) percent = this.scalar();
      else if (key === HASH) hash = this.scalar();
      else if (key === TT && typed) {
        // The common type shapes are read at once; others are decoded only if the id is not 0.
        this.lastType = c.pos;
        this.lastTypeValue = fastType(c);
        if (this.lastTypeValue === undefined) {
          c.pos = this.lastType;
          this.skip();
        }
      } else this.skip();
    }
    const id = percent ?? hash;
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) failAt(at, t('a value needs an integer id under "%"'));
    return id as number;
  }

  /** Per op name, the attribute entries last read at each place of its list, with their texts (each a whole JSON value). */
  private readonly recentEntries = new Map<string, { texts: string[]; entries: AttributeEntry[] }>();

  /** Per op name, the result types last read at each place, with their texts. */
  private readonly recentTypes = new Map<string, RecentType[]>();

  recentTypesOf(opName: string): RecentType[] {
    let recent = this.recentTypes.get(opName);
    if (recent === undefined) {
      recent = [];
      if (this.recentTypes.size < MAX_KEPT) this.recentTypes.set(opName, recent);
    }
    return recent;
  }

  /** Texts of result-attribute lists (`OA`) already checked, each a whole JSON value. */
  private readonly resultAttributes: string[] = [];

  /** The id of `{"%":<integer>` at `at`, the cursor after it; undefined when the text is not that. */
  compactId(at: number): number | undefined {
    const c = this.cursor;
    if (!c.text.startsWith('{"%":', at)) return undefined;
    c.pos = at + 5;
    const ch = c.text.charCodeAt(c.pos);
    if (ch !== 0x2d && (ch < 0x30 || ch > 0x39)) return undefined;
    const id = c.number();
    return Number.isSafeInteger(id) ? id : undefined;
  }

  /** The offset of the last `TT` read by valueIdMembers, and its type when the fast reading gave one. */
  private lastType = -1;
  private lastTypeValue: PirType | undefined = undefined;
  /** The result object at `at`: its id and type; undefined for the null id 0 (refused for the parameter op). */
  readResult(at: number, parameter: boolean, recent: RecentType[], index: number): PirValue | undefined {
    const c = this.cursor;
    // `{"%":12,"TT":{…}}` as Paddle writes it; anything else member by member. The type is
    // first tried whole against the last one at this place of an op of this kind (one object
    // then serves every value of that type: types are not changed after reading).
    const fast = this.compactId(at);
    if (fast !== undefined && fast !== 0 && c.text.startsWith(',"TT":', c.pos)) {
      const typeAt = (c.pos += 6);
      const known = index < recent.length ? recent[index] : undefined;
      let type: PirType | undefined;
      if (known !== undefined && c.text.startsWith(known.text, typeAt)) {
        c.pos += known.text.length;
        type = known.type;
      } else {
        type = fastType(c);
        if (type !== undefined && index <= recent.length && c.pos - typeAt <= MAX_KEPT_TEXT) recent[index] = { text: c.text.slice(typeAt, c.pos), type };
      }
      if (type !== undefined && c.text.charCodeAt(c.pos) === 0x7d) {
        c.pos++;
        return { id: fast, type };
      }
    }
    c.pos = at + 1;
    const id = this.valueIdMembers(at, true);
    if (id === 0) return parameter ? failAt(at, t('a value needs an integer id under "%"')) : undefined;
    const typeAt = this.lastType;
    if (typeAt < 0) {
      // No TT: the type decoder says what is missing.
      this.decodeType(undefined, at, ['TT']);
    }
    if (this.lastTypeValue !== undefined) return { id, type: this.lastTypeValue };
    const end = c.pos;
    const type = this.typeAt(typeAt);
    c.pos = end;
    return { id, type };
  }

  /** The type whose text starts at `at`, decoded once per distinct text. */
  private typeAt(at: number): PirType {
    const c = this.cursor;
    c.pos = at;
    const fast = fastType(c);
    if (fast !== undefined) return fast;
    c.pos = at;
    const end = c.valueEnd();
    const text = this.cursor.text.slice(at, end);
    let type = this.types.get(text);
    if (type === undefined) {
      type = this.decodeType(this.parseSlice(at, end), at, []);
      if (text.length <= MAX_KEPT_TEXT && this.types.size < MAX_KEPT) this.types.set(text, type);
    }
    c.pos = end;
    return type;
  }

  private decodeType(raw: unknown, at: number, rel: PathSegment[]): PirType {
    try {
      return readType(raw, rel.length === 0 ? root : { parent: root, key: rel[0] });
    } catch (e) {
      if (e instanceof PirStructureError) failAt(at, e.detail, e.path);
      throw e;
    }
  }

  readAttributeList(op: PirOp): void {
    const c = this.cursor;
    if (c.peek() !== 0x5b) failAt(c.pos, t('attributes must be a list of {"N": name, "AT": value} entries'));
    c.pos++;
    // Ops of one kind mostly repeat each other's entries (strides, groups, data_format) at the
    // same places: the last text seen at each place is tried whole before reading the entry.
    let recent = this.recentEntries.get(op.name);
    if (recent === undefined) {
      recent = { texts: [], entries: [] };
      if (this.recentEntries.size < MAX_KEPT) this.recentEntries.set(op.name, recent);
    }
    for (let i = 0; !c.atEnd(0x5d, i); i++) {
      c.peek();
      const at = c.pos;
      const known = i < recent.texts.length ? recent.texts[i] : undefined;
      if (known !== undefined && c.text.startsWith(known, at)) {
        c.pos = at + known.length;
        setAttribute(op.attributes, recent.entries[i].name, recent.entries[i].value);
        continue;
      }
      const fast = fastAttributeEntry(c);
      if (fast !== undefined) {
        setAttribute(op.attributes, fast.name, fast.value);
        if (i <= recent.texts.length && c.pos - at <= MAX_KEPT_TEXT) {
          recent.texts[i] = c.text.slice(at, c.pos);
          recent.entries[i] = fast;
        }
        continue;
      }
      c.pos = at;
      const end = c.valueEnd();
      const text = this.cursor.text.slice(at, end);
      let entry = this.attributeEntries.get(text);
      if (entry === undefined) {
        const raw = this.parseSlice(at, end);
        try {
          entry = readAttributeEntry(raw, root);
        } catch (e) {
          if (e instanceof PirStructureError) failAt(at, e.detail, e.path);
          throw e;
        }
        if (text.length <= MAX_KEPT_TEXT && this.attributeEntries.size < MAX_KEPT) this.attributeEntries.set(text, entry);
      }
      c.pos = end;
      setAttribute(op.attributes, entry.name, entry.value);
      if (!entry.known) this.noteUnknown(op.name, entry.id, entry.name);
    }
  }

  decodeTypeBelow(raw: unknown, at: number, rel: PathSegment[]): PirType {
    try {
      return readType(raw, root);
    } catch (e) {
      if (e instanceof PirStructureError) failAt(at, e.detail, [...rel, ...e.path]);
      throw e;
    }
  }

  /** A number, literal or string at the cursor; a container is skipped and read as undefined-but-present (not a valid id). */
  scalar(): unknown {
    const c = this.cursor;
    const ch = c.peek();
    if (ch === 0x2d || (ch >= 0x30 && ch <= 0x39)) return c.number();
    if (ch === 0x22) return c.string();
    if (ch === 0x7b || ch === 0x5b) {
      this.skip();
      return NOT_AN_ID;
    }
    return c.literal();
  }

  /** Like parse, built by the cursor: cheaper than a JSON.parse call for a few items (a parameter's flags). */
  parseSmall(): unknown {
    const c = this.cursor;
    c.peek();
    const at = c.pos;
    try {
      return c.value(8);
    } catch (e) {
      if (!(e instanceof JsonTooDeep)) throw e;
      c.pos = at;
      return this.parse();
    }
  }

  /** The value at the cursor as JSON.parse builds it (for the small, rare parts). */
  parse(): unknown {
    const c = this.cursor;
    c.peek();
    const at = c.pos;
    const end = c.valueEnd();
    const value = this.parseSlice(at, end);
    c.pos = end;
    return value;
  }

  private parseSlice(at: number, end: number): unknown {
    try {
      return JSON.parse(this.cursor.text.slice(at, end));
    } catch {
      return this.cursor.stop(at);
    }
  }

  /** Skips the value at the cursor, checking that it is JSON; a container text seen before is known to be. */
  skip(): void {
    const c = this.cursor;
    const ch = c.peek();
    if (ch !== 0x7b && ch !== 0x5b) {
      this.scalar();
      return;
    }
    const at = c.pos;
    const end = c.valueEnd();
    const text = this.cursor.text.slice(at, end);
    if (!this.checked.has(text)) {
      this.parseSlice(at, end);
      if (text.length <= MAX_KEPT_TEXT && this.checked.size < MAX_KEPT) this.checked.add(text);
    }
    c.pos = end;
  }

  /** Checks a result-attribute list (`OA`) of an ordinary op, which is not kept. */
  skipResultAttributes(): void {
    const c = this.cursor;
    c.peek();
    const at = c.pos;
    // A handful of distinct lists recur on every op: matched whole against the ones seen.
    const seen = this.resultAttributes;
    for (let i = 0; i < seen.length; i++) {
      if (c.text.startsWith(seen[i], at)) {
        c.pos = at + seen[i].length;
        return;
      }
    }
    if (fastSkipAttributeList(c)) {
      if (seen.length < 16 && c.pos - at <= MAX_KEPT_TEXT) seen.push(c.text.slice(at, c.pos));
      return;
    }
    c.pos = at;
    this.skip();
  }
}
