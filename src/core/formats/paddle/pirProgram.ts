// Reads a Paddle 3 PIR program (`inference.json`, `model.json`): one JSON document
// `{"base_code":{"magic":"pir",…},"program":{"regions":[…]}}`, scanned once (pirProgramScan.ts)
// into blocks of ops whose operands and results are value ids. Blocks are numbered in write
// order (a nested region's blocks right after their owner's, as Paddle's writer numbers them),
// ops in program order. Here: the shapes it reads into, and the one-line error naming the file
// and the line and column when the text is not JSON or not a program.

import type { AttrValue } from '../../graph/graph';
import { ModelFormatError, atText, wholeFile } from '../../errors';
import { FileAccessError, type FileAccess } from '../../io/fileAccess';
import { t } from '../../l10n';
import { JsonSyntaxStop } from './pirJsonCursor';
import { jsonPathAt, locateJsonPath } from './pirJsonLocate';
import { findJsonSyntaxProblem, lineColumnAt } from './pirJsonSyntax';
import type { PirParameter } from './pirParameterOp';
import { pathText, type JsonObject, type PathSegment } from './pirProblem';
import { ProgramScanner, ScanFailure } from './pirProgramScan';
import type { PirType } from './pirTypes';

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
  /** The op as the file holds it (a cut writes ops back from these); parsed from the text when first asked for. */
  readonly raw: JsonObject;
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

/** Reads a PIR program held as text; `file` names it in errors. */
export function parsePirProgram(text: string, file: string): PirProgram {
  const scanner = new ProgramScanner(text);
  try {
    return scanner.scan();
  } catch (e) {
    if (!(e instanceof JsonSyntaxStop || e instanceof ScanFailure)) throw e;
    throw problemOf(text, file, e, scanner.magicSeen);
  }
}

/**
 * The one-line error for what stopped the scan. As when the whole text was parsed first: text
 * that is not JSON anywhere is that problem (at its first bad character), then a document whose
 * base_code does not say "pir", then the structural problem where the scan met it.
 */
function problemOf(text: string, file: string, e: JsonSyntaxStop | ScanFailure, magicSeen: boolean): ModelFormatError {
  const syntax = findJsonSyntaxProblem(text);
  if (syntax || e instanceof JsonSyntaxStop) {
    const { offset, detail } = syntax ?? { offset: (e as JsonSyntaxStop).offset, detail: t('expected a value, found {0}', JSON.stringify(text.slice((e as JsonSyntaxStop).offset, (e as JsonSyntaxStop).offset + 1))) };
    const { line, column } = lineColumnAt(text, offset);
    return new ModelFormatError(file, atText(line, column), t('not valid JSON, so not a readable PIR program: {0}', detail));
  }
  let failure = e;
  if (!magicSeen && failure.base !== -1 && !saysPir(text)) failure = new ScanFailure(-1, ['base_code', 'magic'], t('a PIR program says "magic": "pir" in its base_code; this file does not'));
  let path: PathSegment[];
  let offset: number;
  if (failure.base === -1) {
    path = failure.rel;
    offset = locateJsonPath(text, path);
  } else {
    path = [...jsonPathAt(text, failure.base), ...failure.rel];
    offset = locateJsonPath(text, failure.rel, failure.base);
  }
  const { line, column } = lineColumnAt(text, offset);
  return new ModelFormatError(file, atText(line, column), t('at {0}: {1}', pathText(path), failure.detail));
}

/** Whether a (valid JSON) document's base_code says "pir"; for a program that failed before its base_code was read. */
function saysPir(text: string): boolean {
  const document = JSON.parse(text) as { base_code?: { magic?: unknown } } | null;
  return typeof document === 'object' && document !== null && document.base_code?.magic === 'pir';
}
