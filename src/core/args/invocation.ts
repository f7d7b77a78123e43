// One call of a compiler found in a script: which tool, its options as written (with their
// places), and what could not be read (an expansion like "$@" that may hold more options).

import { atcTool } from './atcOptions';
import { calibrationTool } from './calibrationOptions';
import type { OptionSpec, ToolSpec } from './optionSpec';
import type { Piece } from './shellWords';
import { sophonTools } from './sophonOptions';

export interface OptionUse {
  /** The name as the tool reads it, without dashes (`model`). */
  name: string;
  /** The dash prefix as written (`--`, `-`, an en dash …); empty for a Python keyword. */
  dashes: string;
  /** Source offsets of the dashes and name together (`--model`). */
  start: number;
  end: number;
  /** The value, when one was given (`--model=x`, `--model x`, `model="x"`). */
  value?: Piece;
  /**
   * What a "remove" fix deletes: the option with its value and the separator before it (the
   * blanks and line continuations after the previous word; in Python the comma), so that no
   * gap or dangling comma is left.
   */
  wholeStart: number;
  wholeEnd: number;
  spec?: OptionSpec;
}

export interface Invocation {
  tool: ToolSpec;
  syntax: 'shell' | 'python';
  /** Source offsets of the command (`python3 -m bmpaddle`, `bmpaddle.compile`). */
  start: number;
  end: number;
  /** Where a fix adds an option: after the last argument. */
  insertAt: number;
  options: OptionUse[];
  /** An expansion or a positional argument we cannot see into: nothing is reported missing. */
  opaque: boolean;
}

const byName = new Map<string, ToolSpec>([...sophonTools, atcTool, calibrationTool].map((t) => [t.tool, t]));

export function toolNamed(name: string): ToolSpec | undefined {
  return byName.get(name);
}

export function optionsNamed(invocation: Invocation, name: string): OptionUse[] {
  return invocation.options.filter((o) => o.name === name);
}

/** The last value given for an option (the tools keep the last), when it is known. */
export function knownValue(invocation: Invocation, name: string): Piece | undefined {
  const uses = optionsNamed(invocation, name);
  const value = uses[uses.length - 1]?.value;
  return value && !value.unknown ? value : undefined;
}
