// What a compiler's command line may hold: each tool's options, the kind of value each takes,
// which are required, their defaults and a sentence for hover. The tables themselves sit one file
// per tool family (sophonOptions.ts, atcOptions.ts, calibrationOptions.ts), taken from
// ../shared/toolchains.md; the checks read only these shapes.

export type ValueKind =
  | 'path'
  | 'text'
  | 'int'
  | 'float'
  | 'bool'
  /** No value: present or not (`--list_ops`). */
  | 'flag'
  | 'enum'
  /** `[1,3,224,224],[1,2]` or `[[1,3,224,224],[1,2]]` */
  | 'shapes'
  /** `[0,int32,0,256],[1,float,0,1]` */
  | 'descs'
  /** `name1,name2` */
  | 'names'
  /** ATC: `name:1,3,224,224;name2:1,2` */
  | 'inputShape';

export interface OptionSpec {
  name: string;
  kind: ValueKind;
  /** Allowed values of an `enum`. */
  values?: readonly string[];
  /** `enum` values compared without case (`--target bm1684` is refused by the tools: false). */
  ignoreCase?: boolean;
  required?: boolean;
  /** The default as the tool documents it, shown on hover. */
  defaultValue?: string;
  /** What the option does, localised (a `t(...)` call). */
  doc: () => string;
}

export type ToolFamily = 'bmnet' | 'atc' | 'calibration';

export interface ToolSpec {
  /** The name codes start with: `bmpaddle`, `bmnetc`, `atc`, `calibration_use_pb`. */
  tool: string;
  family: ToolFamily;
  /** gflags binaries take `-name` as well as `--name`; Python front ends only `--name`. */
  singleDash: boolean;
  options: ReadonlyMap<string, OptionSpec>;
  /** What the model option points at, for checks against the model (`--model`, `-model`). */
  modelOption?: string;
  /**
   * Whether the table holds every option the tool takes. ATC's options change with each CANN
   * release and calibration_use_pb has flags the manual leaves out: an option these tables do
   * not know is a warning there, not an error.
   */
  complete: boolean;
}

export function toolSpec(tool: string, family: ToolFamily, singleDash: boolean, options: OptionSpec[], modelOption?: string): ToolSpec {
  return { tool, family, singleDash, options: new Map(options.map((o) => [o.name, o])), modelOption, complete: family === 'bmnet' };
}

/** Boolean spellings the tools accept (`--cmp=True`, `--cmp 0`, `-dyn=false`). */
export const BOOLEAN_VALUES = ['true', 'false', 'True', 'False', '1', '0'] as const;
