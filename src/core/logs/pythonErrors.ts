// Python tracebacks in a log as report errors: most of the tools here are Python (TPU-MLIR,
// npz_tool, msaccucmp, ais_bench), and an uncaught exception is how they fail. The traceback
// reading is the Problems panel's (src/core/convert/toolProblems), not a second copy.
import { parseToolProblemLines } from '../convert/toolProblems';
import type { LogEntry } from './logReport';
import type { LogText } from './logText';

export function pythonErrors(log: LogText): LogEntry[] {
  return parseToolProblemLines(log.lines, false)
    .filter((p) => p.code.startsWith('python.'))
    .map((p) => ({ code: null, message: p.message, line: p.logLine ?? 1 }));
}
