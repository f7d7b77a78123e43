// Reads a Paddle 3 PIR program (`inference.json`, `model.json`): one JSON document
// `{"base_code":{"magic":"pir",…},"program":{"regions":[…]}}`. The document is parsed once and
// walked once, iteratively, into blocks of ops whose operands and results are value ids; nothing
// is copied but the decoded attributes. Blocks are numbered in write order (a nested region's
// blocks right after their owner's, as Paddle's writer numbers them), ops in program order.

import type { AttrValue } from '../../graph/graph';
import { ModelFormatError, atText, wholeFile } from '../../errors';
import { FileAccessError, type FileAccess } from '../../io/fileAccess';
import { t } from '../../l10n';
import { readAttributes } from './pirAttributes';
import { findJsonSyntaxProblem, lineColumnAt } from './pirJsonSyntax';
import { expandName, PARAMETER_OP, PARAMETER_OP_NAME } from './pirNames';
import { plainParameter, readParameterOp, type PirParameter } from './pirParameterOp';
import { PirStructureError, child, fail, isObject, pathText, root, type JsonObject, type PirPath } from './pirProblem';
import { locateJsonPath } from './pirJsonLocate';
import { readType, type PirType } from './pirTypes';

/** V8 cannot hold a longer string (2^29 - 24 characters); a bigger "program" cannot be parsed. */
export const MAX_PIR_BYTES = 2 ** 29 - 24;

export interface PirValue {
  /** Positive for op results, negative for block arguments; 0 is never defined. */
  id: number;
  type: PirType;
}

export interface PirOp {
  /** Expanded name: `pd_op.conv2d`, `builtin.parameter`. */
  name: string;
  /** The op as the file holds it (a cut writes ops back from these). */
  raw: JsonObject;
  /** Index in PirProgram.blocks, and position in that block. */
  block: number;
  index: number;
  /** Value ids in operand order; 0 for an absent optional input. */
  operands: number[];
  results: PirValue[];
  /** Decoded A (and DA, QA) attributes; no prototype, names are data. */
  attributes: Record<string, AttrValue>;
  /** Per region of the op, the indices of its blocks in PirProgram.blocks. */
  regions: number[][];
  /** Set for the parameter op (`p`). */
  parameter?: PirParameter;
}

export interface PirBlock {
  /** `region_1/block_1`, as the file names them (only for showing). */
  name: string;
  /** The op whose region holds this block; none for the top block. */
  owner?: PirOp;
  depth: number;
  args: PirValue[];
  ops: PirOp[];
}

export interface PirProgram {
  magic: 'pir';
  version: number;
  trainable: boolean;
  /** The parsed document (its `program.regions` hold the raw ops). */
  document: JsonObject;
  /** Every block, in write order; blocks[0] is the top block. */
  blocks: PirBlock[];
  /** Every op of every block, in program order (an op's regions right after it). */
  ops: PirOp[];
  /** Attribute type ids this reader does not know, with the first attribute seen holding one. */
  unknownAttributeTypes: Map<string, { op: string; attribute: string }>;
}

export async function readPirProgramFile(file: string, fs: FileAccess): Promise<PirProgram> {
  let text: string;
  try {
    text = await fs.readText(file, MAX_PIR_BYTES);
  } catch (e) {
    if (!(e instanceof FileAccessError) || e.code !== 'EFBIG') throw e;
    const { size } = await fs.stat(file);
    throw new ModelFormatError(file, wholeFile, t('a PIR program this reader can parse is at most {0} bytes (this file has {1})', MAX_PIR_BYTES, size));
  }
  return parsePirProgram(text, file);
}

/** Parses and walks a PIR program held as text; `file` names it in errors. */
export function parsePirProgram(text: string, file: string): PirProgram {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const problem = findJsonSyntaxProblem(text) ?? { offset: text.length, detail: e.message };
    const { line, column } = lineColumnAt(text, problem.offset);
    throw new ModelFormatError(file, atText(line, column), t('not valid JSON, so not a readable PIR program: {0}', problem.detail));
  }
  try {
    return walkDocument(document);
  } catch (e) {
    if (!(e instanceof PirStructureError)) throw e;
    const { line, column } = lineColumnAt(text, locateJsonPath(text, e.path));
    throw new ModelFormatError(file, atText(line, column), t('at {0}: {1}', pathText(e.path), e.detail));
  }
}

function walkDocument(document: unknown): PirProgram {
  if (!isObject(document)) fail(root, t('a PIR program is a JSON object with "base_code" and "program"'));
  const base = document.base_code;
  if (!isObject(base) || base.magic !== 'pir') fail(child(child(root, 'base_code'), 'magic'), t('a PIR program says "magic": "pir" in its base_code; this file does not'));
  const version = typeof base.version === 'number' ? base.version : 0;
  const program: PirProgram = {
    magic: 'pir',
    version,
    trainable: base.trainable !== false,
    document,
    blocks: [],
    ops: [],
    unknownAttributeTypes: new Map(),
  };
  const body = document.program;
  const regionsAt = child(child(root, 'program'), 'regions');
  if (!isObject(body) || !Array.isArray(body.regions) || body.regions.length === 0) fail(regionsAt, t('the program holds no regions'));
  new ProgramWalk(program).walk(body.regions as unknown[], regionsAt);
  return program;
}

/** A block waiting to be read: blocks are numbered when reading them starts, so nested ones come right after their owner. */
interface PendingBlock {
  raw: unknown;
  where: PirPath;
  regionName: string;
  owner?: PirOp;
  region: number;
  depth: number;
}

interface Frame {
  block: PirBlock;
  blockIndex: number;
  rawOps: unknown[];
  where: PirPath;
  next: number;
}

class ProgramWalk {
  /** Which op (or block) defined each value id, for the "defined twice" message. */
  private readonly defined = new Map<number, PirOp | string>();

  constructor(private readonly program: PirProgram) {}

  walk(regions: unknown[], where: PirPath): void {
    const pending: PendingBlock[] = [];
    this.queueRegions(regions, where, undefined, 0, pending);
    const stack: (Frame | PendingBlock)[] = pending.reverse();
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (!('rawOps' in top)) {
        stack[stack.length - 1] = this.startBlock(top);
        continue;
      }
      if (top.next >= top.rawOps.length) {
        stack.pop();
        continue;
      }
      const at = top.next++;
      const op = this.readOp(top.rawOps[at], child(child(top.where, 'ops'), at), top.blockIndex, top.block.ops.length);
      top.block.ops.push(op);
      this.program.ops.push(op);
      const rawRegions = op.raw.regions;
      if (rawRegions !== undefined) {
        const nested: PendingBlock[] = [];
        this.queueRegions(rawRegions, child(top.where, 'regions'), op, top.block.depth + 1, nested);
        for (let i = nested.length - 1; i >= 0; i--) stack.push(nested[i]);
      }
    }
  }

  private queueRegions(regions: unknown, where: PirPath, owner: PirOp | undefined, depth: number, into: PendingBlock[]): void {
    if (!Array.isArray(regions)) fail(where, t('"regions" must be a list'));
    if (owner) owner.regions = regions.map(() => []);
    regions.forEach((region: unknown, r) => {
      const at = child(where, r);
      if (!isObject(region) || !Array.isArray(region.blocks)) fail(at, t('a region is an object with a "blocks" list'));
      const regionName = typeof region['#'] === 'string' ? region['#'] : `region ${r}`;
      (region.blocks as unknown[]).forEach((raw, b) => into.push({ raw, where: child(child(at, 'blocks'), b), regionName, owner, region: r, depth }));
    });
  }

  private startBlock(pending: PendingBlock): Frame {
    const { raw, where } = pending;
    if (!isObject(raw)) fail(where, t('a block is an object with an "ops" list'));
    const ops = raw.ops ?? [];
    if (!Array.isArray(ops)) fail(child(where, 'ops'), t('"ops" must be a list'));
    const blockIndex = this.program.blocks.length;
    const name = `${pending.regionName}/${typeof raw['#'] === 'string' ? raw['#'] : `block ${blockIndex}`}`;
    const block: PirBlock = { name, owner: pending.owner, depth: pending.depth, args: [], ops: [] };
    this.program.blocks.push(block);
    pending.owner?.regions[pending.region].push(blockIndex);
    this.readArgs(raw.args, child(where, 'args'), block, name);
    // Paddle's writer fills `kwargs` with the positional arguments again (a known quirk): an id
    // already read from `args` is that repeat, not a second definition.
    this.readArgs(raw.kwargs, child(where, 'kwargs'), block, name);
    return { block, blockIndex, rawOps: ops as unknown[], where, next: 0 };
  }

  private readArgs(list: unknown, where: PirPath, block: PirBlock, blockName: string): void {
    if (list === undefined) return;
    if (!Array.isArray(list)) fail(where, t('block arguments must be a list'));
    list.forEach((arg: unknown, i) => {
      const at = child(where, i);
      if (!isObject(arg)) fail(at, t('a block argument is an object with an id and a type'));
      const id = valueId(arg, at);
      if (id === 0) return;
      if (block.args.some((a) => a.id === id)) return;
      block.args.push({ id, type: readType(arg.TT, child(at, 'TT')) });
      this.define(id, blockName, at);
    });
  }

  /** `by`: the op that defines the value, or the name of the block whose argument it is. */
  private define(id: number, by: PirOp | string, where: PirPath): void {
    const earlier = this.defined.get(id);
    if (earlier === undefined) {
      this.defined.set(id, by);
      return;
    }
    const first = typeof earlier === 'string' ? earlier : t('{0} (op {1} of block {2})', earlier.name, earlier.index, earlier.block);
    fail(where, t('value %{0} is defined twice (first by {1})', id, first));
  }

  private readOp(raw: unknown, where: PirPath, block: number, index: number): PirOp {
    if (!isObject(raw) || typeof raw['#'] !== 'string') fail(where, t('an op is an object with its name under "#"'));
    const name = expandName(raw['#'] as string);
    // A plain object: ops of one kind share its shape. Names are data, so readAttributes defines
    // an attribute called __proto__ as an own property rather than setting a prototype.
    const attributes: Record<string, AttrValue> = {};
    const op: PirOp = { name, raw, block, index, operands: [], results: [], attributes, regions: [] };
    const unknown = (id: string, attribute: string) => {
      if (!this.program.unknownAttributeTypes.has(id)) this.program.unknownAttributeTypes.set(id, { op: name, attribute });
    };
    if (raw['#'] === PARAMETER_OP) {
      const { parameter, result } = readParameterOp(raw, where, attributes, unknown);
      op.parameter = parameter;
      op.results.push(result);
    } else {
      op.operands = readOperands(raw.I, child(where, 'I'));
      readResults(raw.O, child(where, 'O'), op.results);
      for (const key of ['A', 'DA', 'QA']) readAttributes(raw[key], child(where, key), attributes, unknown);
      // An earlier writer had no `p` form: a parameter op with its name as an ordinary attribute.
      if (name === PARAMETER_OP_NAME && typeof attributes.parameter_name === 'string' && op.results.length === 1) {
        op.parameter = plainParameter(attributes.parameter_name, attributes);
      }
    }
    for (let i = 0; i < op.results.length; i++) this.define(op.results[i].id, op, child(child(where, 'O'), i));
    return op;
  }
}

/** An operand or result id: under `%` (current writer) or `#` (an earlier one, and block arguments). */
function valueId(raw: JsonObject, where: PirPath): number {
  const id = raw['%'] ?? raw['#'];
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) fail(where, t('a value needs an integer id under "%"'));
  return id as number;
}

function readOperands(list: unknown, where: PirPath): number[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) fail(where, t('"I" (the operands) must be a list'));
  const ids: number[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const operand: unknown = list[i];
    if (!isObject(operand)) fail(child(where, i), t('an operand is an object {"%": value id}'));
    ids[i] = valueId(operand, child(where, i));
  }
  return ids;
}

function readResults(list: unknown, where: PirPath, into: PirValue[]): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) fail(where, t('"O" (the results) must be a list'));
  for (let i = 0; i < list.length; i++) {
    const result: unknown = list[i];
    const at = child(where, i);
    if (!isObject(result)) fail(at, t('a result is an object {"%": value id, "TT": type}'));
    const id = valueId(result, at);
    // Id 0 is a null result: nothing to define or draw.
    if (id !== 0) into.push({ id, type: readType(result.TT, child(at, 'TT')) });
  }
}
