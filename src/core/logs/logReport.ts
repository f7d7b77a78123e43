// What `npu-deploy log` prints and the extension shows for one captured tool output (issue 18 §3):
// which tool wrote it, whether it says the job succeeded, its errors and warnings with their line
// in the log, its timings, its compare verdicts and what it says about the model. The field names
// are the issue's `--json` contract: scripts read them.

export const LOG_TOOLS = ['bmcompiler', 'bmrt_test', 'bmodel-info', 'tpu-mlir', 'npz-compare', 'atc', 'msame', 'ais-bench', 'msaccucmp', 'unknown'] as const;
export type LogTool = (typeof LOG_TOOLS)[number];

/** `incomplete`: the text stops before the tool says whether it succeeded (a cut or still-running log). */
export type LogVerdict = 'success' | 'failure' | 'incomplete';

export interface LogEntry {
  /** The vendor's code (`E10001`, `W11001`, `BMCompiler:E` …), or null when the tool gives none. */
  code: string | null;
  message: string;
  /** 1-based line of the log where the entry starts. */
  line: number;
}

export interface LogCompare {
  /** Null where the log does not say (msit's analyser names failing operators, not how many were compared). */
  compared: number | null;
  passed: number | null;
  failed: number | null;
  /** The first failing tensor, output or operator as the tool names it, or null when none failed. */
  firstFailure: string | null;
}

export interface LogTensor {
  name: string;
  shape?: number[];
  dtype?: string;
}

export interface LogNet {
  name: string;
  /** bmodel nets are `static` or `dynamic` (dims printed `max:N`). */
  dynamic?: boolean;
  inputs: LogTensor[];
  outputs: LogTensor[];
}

export interface LogModel {
  /** The model file the tool loaded, as it printed the path. */
  file?: string;
  chip?: string;
  /** The model format's or toolchain's version as printed (`B.2.2`, `TPU-MLIR v1.14-20241231`). */
  version?: string;
  nets: LogNet[];
}

export interface LogReport {
  tool: LogTool;
  verdict: LogVerdict;
  errors: LogEntry[];
  warnings: LogEntry[];
  /** Durations in milliseconds (names end in `Ms`), throughput in items per second; only what the log printed. */
  timings: Record<string, number>;
  compare: LogCompare | null;
  model: LogModel | null;
}

export function emptyReport(tool: LogTool): LogReport {
  return { tool, verdict: 'incomplete', errors: [], warnings: [], timings: {}, compare: null, model: null };
}
