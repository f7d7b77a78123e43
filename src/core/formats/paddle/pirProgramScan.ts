// Reads a PIR program's text straight into blocks, ops and values in one pass, without first
// building the generic objects JSON.parse would (an op of a real program is some thirty of
// them, of which the reader keeps a handful of numbers). Regions nest ops that nest regions to
// any depth, so the containers of the program are walked with an explicit stack of frames, not
// by recursion. The values inside an op (ids, types, attributes) are read by pirScanValues.ts.
// What is not kept (result attributes of ordinary ops, unknown keys) is only checked to be JSON.
//
// Problems are thrown as ScanFailure: a place as a path below the value at an offset, turned
// into a line, column and document path by the caller (pirProgram.ts) only when something is
// wrong. Text that is not JSON stops the scan with JsonSyntaxStop.

import type { AttrValue } from '../../graph/graph';
import { t } from '../../l10n';
import * as K from './pirJsonCursor';
import { JsonCursor } from './pirJsonCursor';
import * as names from './pirNames';
import { plainParameter, readParameterOp, type PirParameter } from './pirParameterOp';
import { PirStructureError, root, type JsonObject, type PathSegment } from './pirProblem';
import type { PirBlock, PirOp, PirProgram, PirValue } from './pirProgram';
import { failAt, ScanFailure, ValueReader } from './pirScanValues';

export { ScanFailure };

// The key codes and hot functions as local constants: read through the module object on every
// use, they would cost a getter call each in the CommonJS the tests and the bench run.
const { expandName, PARAMETER_OP, PARAMETER_OP_NAME } = names;
const { KEY_A, KEY_ARGS, KEY_BASE_CODE, KEY_BLOCKS, KEY_DA, KEY_HASH, KEY_I, KEY_KWARGS, KEY_MAGIC, KEY_O, KEY_OA, KEY_OPS, KEY_PROGRAM, KEY_QA, KEY_REGIONS, KEY_TRAINABLE, KEY_VERSION } = K;

/** An op read from the text; `raw` (the op as the file holds it, for cutting) is parsed from its slice when first asked for. */
class ScannedOp implements PirOp {
  operands: number[] = [];
  readonly results: PirValue[] = [];
  readonly attributes: Record<string, AttrValue> = {};
  readonly regions: number[][] = [];
  parameter?: PirParameter;
  end = 0;
  private parsed?: JsonObject;

  constructor(
    readonly name: string,
    readonly block: number,
    readonly index: number,
    private readonly text: string,
    readonly start: number,
  ) {}

  get raw(): JsonObject {
    return (this.parsed ??= JSON.parse(this.text.slice(this.start, this.end)) as JsonObject);
  }
}

// What a frame of the walk is inside of.
const REGION_LIST = 0;
const REGION = 1;
const BLOCK_LIST = 2;
const BLOCK = 3;
const OP_LIST = 4;
const OP = 5;

const NONE: never[] = [];


/** One open container of the program's structure; one shape for every kind, so the walk stays monomorphic. */
class Frame {
  count = 0;
  /** REGION: its `#`; BLOCK: its own `#`. */
  name: string | undefined = undefined;
  /** REGION: a blocks list was seen; BLOCK: an ops list was seen. */
  listed = false;
  /** REGION: its blocks, and their own names, to name them when the region's name is known (other frames share the empty lists). */
  blocks: PirBlock[] = NONE;
  blockNames: (string | undefined)[] = NONE;
  /** OP (parameter op): the members read so far, as the file holds them. */
  parts: JsonObject | undefined = undefined;
  result: PirValue | undefined = undefined;
  /** BLOCK: its place in its region's blocks. */
  slot = 0;

  constructor(
    readonly kind: number,
    /** Offset of the container's first character. */
    readonly start: number,
    readonly owner: ScannedOp | undefined,
    readonly depth: number,
    /** REGION: its index among the owner's regions. */
    readonly region: number,
    readonly regionFrame: Frame | undefined,
    readonly block: PirBlock | undefined,
    readonly blockIndex: number,
    readonly op: ScannedOp | undefined,
  ) {}
}

export class ProgramScanner {
  readonly cursor: JsonCursor;
  /** Set once base_code has been read and says "pir". */
  magicSeen = false;
  private readonly program: PirProgram = { magic: 'pir', version: 0, trainable: true, blocks: [], ops: [], unknownAttributeTypes: new Map() };
  /** Which op (or block) defined each value id, for the "defined twice" message. */
  private readonly defined = new Map<number, PirOp | PirBlock>();
  private readonly byId: (PirOp | PirBlock)[] = [];
  private regionsSeen = false;

  private readonly values: ValueReader;

  constructor(readonly text: string) {
    this.cursor = new JsonCursor(text);
    this.values = new ValueReader(this.cursor, (op, id, attribute) => this.noteUnknown(op, id, attribute));
  }

  scan(): PirProgram {
    const c = this.cursor;
    if (c.peek() !== 0x7b) failAt(-1, t('a PIR program is a JSON object with "base_code" and "program"'));
    c.pos++;
    for (let count = 0; !c.atEnd(0x7d, count); count++) {
      const key = c.key();
      if (key === KEY_BASE_CODE) this.readBase();
      else if (key === KEY_PROGRAM) this.readBody();
      else this.values.skip();
    }
    // Anything but the end (NaN) after the document is not JSON.
    if (!Number.isNaN(c.peek())) c.stop();
    if (!this.magicSeen) this.failMagic();
    if (!this.regionsSeen) this.failNoRegions();
    return this.program;
  }

  failMagic(): never {
    return failAt(-1, t('a PIR program says "magic": "pir" in its base_code; this file does not'), ['base_code', 'magic']);
  }

  private failNoRegions(): never {
    return failAt(-1, t('the program holds no regions'), ['program', 'regions']);
  }

  private readBase(): void {
    const c = this.cursor;
    if (c.peek() !== 0x7b) this.failMagic();
    c.pos++;
    let magic: unknown;
    for (let count = 0; !c.atEnd(0x7d, count); count++) {
      const key = c.key();
      if (key === KEY_MAGIC) magic = this.values.parse();
      else if (key === KEY_TRAINABLE) this.program.trainable = this.values.parse() !== false;
      else if (key === KEY_VERSION) {
        const version = this.values.parse();
        this.program.version = typeof version === 'number' ? version : 0;
      } else this.values.skip();
    }
    if (magic !== 'pir') this.failMagic();
    this.magicSeen = true;
  }

  private readBody(): void {
    const c = this.cursor;
    if (c.peek() !== 0x7b) this.failNoRegions();
    c.pos++;
    for (let count = 0; !c.atEnd(0x7d, count); count++) {
      if (c.key() !== KEY_REGIONS || this.regionsSeen) {
        this.values.skip();
        continue;
      }
      if (c.peek() !== 0x5b) this.failNoRegions();
      this.regionsSeen = true;
      this.walk(new Frame(REGION_LIST, c.pos++, undefined, 0, 0, undefined, undefined, -1, undefined));
      if (!this.anyRegion) this.failNoRegions();
    }
  }

  private anyRegion = false;

  /** Walks a regions list and everything in it, with a stack of frames instead of recursion. */
  private walk(first: Frame): void {
    const c = this.cursor;
    const stack: Frame[] = [first];
    while (stack.length > 0) {
      const f = stack[stack.length - 1];
      switch (f.kind) {
        case REGION_LIST: {
          if (c.atEnd(0x5d, f.count)) {
            stack.pop();
            break;
          }
          const at = c.peek() === 0x7b ? c.pos++ : failAt(c.pos, t('a region is an object with a "blocks" list'));
          f.owner?.regions.push([]);
          this.anyRegion = true;
          const region = new Frame(REGION, at, f.owner, f.depth, f.count++, undefined, undefined, -1, undefined);
          region.blocks = [];
          region.blockNames = [];
          stack.push(region);
          break;
        }
        case REGION: {
          if (c.atEnd(0x7d, f.count)) {
            if (!f.listed) failAt(f.start, t('a region is an object with a "blocks" list'));
            for (let i = 0; i < f.blocks.length; i++) f.blocks[i].name = this.blockName(f, f.blocks[i], f.blockNames[i]);
            stack.pop();
            break;
          }
          f.count++;
          const key = c.key();
          if (key === KEY_HASH) {
            const name = this.values.parse();
            if (typeof name === 'string') f.name = name;
          } else if (key === KEY_BLOCKS) {
            if (c.peek() !== 0x5b) failAt(f.start, t('a region is an object with a "blocks" list'));
            f.listed = true;
            stack.push(new Frame(BLOCK_LIST, c.pos++, f.owner, f.depth, f.region, f, undefined, -1, undefined));
          } else this.values.skip();
          break;
        }
        case BLOCK_LIST: {
          if (c.atEnd(0x5d, f.count)) {
            stack.pop();
            break;
          }
          f.count++;
          const at = c.peek() === 0x7b ? c.pos++ : failAt(c.pos, t('a block is an object with an "ops" list'));
          const blockIndex = this.program.blocks.length;
          const block: PirBlock = { name: '', owner: f.owner, depth: f.depth, args: [], ops: [] };
          const region = f.regionFrame!;
          block.name = this.blockName(region, block, undefined, blockIndex);
          this.program.blocks.push(block);
          region.blocks.push(block);
          region.blockNames.push(undefined);
          f.owner?.regions[f.region].push(blockIndex);
          const frame = new Frame(BLOCK, at, f.owner, f.depth, f.region, region, block, blockIndex, undefined);
          frame.slot = region.blocks.length - 1;
          stack.push(frame);
          break;
        }
        case BLOCK: {
          if (c.atEnd(0x7d, f.count)) {
            const region = f.regionFrame!;
            region.blockNames[f.slot] = f.name ?? `block ${f.blockIndex}`;
            stack.pop();
            break;
          }
          f.count++;
          const key = c.key();
          if (key === KEY_HASH) {
            const name = this.values.parse();
            if (typeof name === 'string') {
              f.name = name;
              f.block!.name = this.blockName(f.regionFrame!, f.block!, name);
            }
          } else if (key === KEY_ARGS || key === KEY_KWARGS) {
            // Paddle's writer fills `kwargs` with the positional arguments again (a known quirk):
            // an id already read from `args` is that repeat, not a second definition.
            this.readArgs(f.block!);
          } else if (key === KEY_OPS) {
            if (c.peek() !== 0x5b) failAt(c.pos, t('"ops" must be a list'));
            stack.push(new Frame(OP_LIST, c.pos++, f.owner, f.depth, f.region, f.regionFrame, f.block, f.blockIndex, undefined));
          } else this.values.skip();
          break;
        }
        case OP_LIST: {
          if (c.atEnd(0x5d, f.count)) {
            stack.pop();
            break;
          }
          f.count++;
          stack.push(this.startOp(f));
          break;
        }
        default: {
          // OP
          const op = f.op!;
          if (c.atEnd(0x7d, f.count)) {
            op.end = c.pos;
            this.finishOp(f, op);
            stack.pop();
            break;
          }
          f.count++;
          const key = c.key();
          if (key === KEY_REGIONS) {
            if (c.peek() !== 0x5b) failAt(c.pos, t('"regions" must be a list'));
            stack.push(new Frame(REGION_LIST, c.pos++, op, f.block!.depth + 1, 0, undefined, undefined, -1, undefined));
          } else this.readOpMember(f, op, key);
          break;
        }
      }
    }
  }

  private blockName(region: Frame, block: PirBlock, own: string | undefined, index = this.program.blocks.indexOf(block)): string {
    const regionName = region.name ?? `region ${region.region}`;
    return `${regionName}/${own ?? `block ${index}`}`;
  }

  private startOp(list: Frame): Frame {
    const c = this.cursor;
    const start = c.peek() === 0x7b ? c.pos : failAt(c.pos, t('an op is an object with its name under "#"'));
    const name = this.opName(start);
    const block = list.block!;
    const op = new ScannedOp(expandName(name), list.blockIndex, block.ops.length, this.text, start);
    block.ops.push(op);
    this.program.ops.push(op);
    const frame = new Frame(OP, start, list.owner, list.depth, list.region, list.regionFrame, block, list.blockIndex, op);
    // Read on after the name when it came first; else from the start, passing over the name.
    if (this.nameFirst) frame.count = 1;
    else c.pos = start + 1;
    if (name === PARAMETER_OP) frame.parts = { '#': name };
    return frame;
  }

  /** The op's `#`: its first member in every file Paddle writes; looked for among the others otherwise. */
  private opName(start: number): string {
    const c = this.cursor;
    c.pos = start + 1;
    for (let count = 0; !c.atEnd(0x7d, count); count++) {
      if (c.key() === KEY_HASH && c.peek() === 0x22) {
        this.nameFirst = count === 0;
        return c.name();
      }
      this.values.skip();
    }
    return failAt(start, t('an op is an object with its name under "#"'));
  }

  private readOpMember(f: Frame, op: ScannedOp, key: number): void {
    const c = this.cursor;
    if (key === KEY_HASH) {
      this.values.skip();
      return;
    }
    if (f.parts) {
      // The parameter op: flags in fixed places, one result object (read with the type cache).
      if (key === KEY_O && c.peek() === 0x7b) f.result = this.values.readResult(c.pos, true, this.values.recentTypesOf(op.name), 0);
      else if (key === KEY_A || key === KEY_OA || key === KEY_DA || key === KEY_QA || key === KEY_O) f.parts[keyName(key)] = this.values.parseSmall();
      else this.values.skip();
      return;
    }
    switch (key) {
      case KEY_I:
        op.operands = this.values.readOperands();
        return;
      case KEY_O:
        this.readResults(op);
        return;
      case KEY_A:
      case KEY_DA:
      case KEY_QA:
        this.values.readAttributeList(op);
        return;
      case KEY_OA:
        // Not kept for ordinary ops, only checked.
        this.values.skipResultAttributes();
        return;
      default:
        this.values.skip();
    }
  }

  private finishOp(f: Frame, op: ScannedOp): void {
    if (f.parts) {
      try {
        const { parameter, result } = readParameterOp(f.parts, root, op.attributes, (id, attribute) => this.noteUnknown(op.name, id, attribute), f.result);
        op.parameter = parameter;
        op.results.push(result);
      } catch (e) {
        if (e instanceof PirStructureError) failAt(f.start, e.detail, e.path);
        throw e;
      }
      this.define(op.results[0].id, op, f.start, ['O']);
      return;
    }
    // An earlier writer had no `p` form: a parameter op with its name as an ordinary attribute.
    const parameterName = op.attributes.parameter_name;
    if (op.name === PARAMETER_OP_NAME && typeof parameterName === 'string' && op.results.length === 1) {
      op.parameter = plainParameter(parameterName, op.attributes);
    }
  }

  private noteUnknown(op: string, id: string, attribute: string): void {
    if (!this.program.unknownAttributeTypes.has(id)) this.program.unknownAttributeTypes.set(id, { op, attribute });
  }

  /** Whether the op name just read was the op's first member. */
  private nameFirst = false;
  private readResults(op: ScannedOp): void {
    const c = this.cursor;
    if (c.peek() !== 0x5b) failAt(c.pos, t('"O" (the results) must be a list'));
    c.pos++;
    const recent = this.values.recentTypesOf(op.name);
    for (let i = 0; !c.atEnd(0x5d, i); i++) {
      const at = c.peek() === 0x7b ? c.pos : failAt(c.pos, t('a result is an object {"%": value id, "TT": type}'));
      const result = this.values.readResult(at, false, recent, i);
      // Id 0 is a null result: nothing to define or draw.
      if (result === undefined) continue;
      op.results.push(result);
      this.define(result.id, op, at, []);
    }
  }

  private readArgs(block: PirBlock): void {
    const c = this.cursor;
    c.peek();
    const listAt = c.pos;
    const list = this.values.parse();
    if (!Array.isArray(list)) failAt(listAt, t('block arguments must be a list'));
    for (let i = 0; i < list.length; i++) {
      const arg: unknown = list[i];
      if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) failAt(listAt, t('a block argument is an object with an id and a type'), [i]);
      const raw = arg as JsonObject;
      const id = raw['%'] ?? raw['#'];
      if (typeof id !== 'number' || !Number.isSafeInteger(id)) failAt(listAt, t('a value needs an integer id under "%"'), [i]);
      if (id === 0 || block.args.some((a) => a.id === id)) continue;
      const type = this.values.decodeTypeBelow(raw.TT, listAt, [i, 'TT']);
      block.args.push({ id: id as number, type });
      this.define(id as number, block, listAt, [i]);
    }
  }

  /** `by`: the op that defines the value, or the block whose argument it is. */
  private define(id: number, by: PirOp | PirBlock, at: number, rel: PathSegment[]): void {
    // Op results are numbered 1, 2, 3 … in write order: a list indexed by id holds them (a
    // crafted id far beyond the values read so far goes to the map instead of growing the list).
    const dense = id > 0 && id <= this.byId.length + 1;
    const earlier = dense ? this.byId[id - 1] : this.defined.get(id);
    if (earlier === undefined) {
      if (dense) this.byId[id - 1] = by;
      else this.defined.set(id, by);
      return;
    }
    const first = 'ops' in earlier ? earlier.name : t('{0} (op {1} of block {2})', earlier.name, earlier.index, earlier.block);
    failAt(at, t('value %{0} is defined twice (first by {1})', id, first), rel);
  }
}

function keyName(key: number): string {
  switch (key) {
    case KEY_A:
      return 'A';
    case KEY_OA:
      return 'OA';
    case KEY_DA:
      return 'DA';
    case KEY_QA:
      return 'QA';
    default:
      return 'O';
  }
}
