// TPU-MLIR's `npz_tool.py compare` output (toolchains.md §5.4): one line per tensor it shows
// (`[<name padded to 32>] <STATUS> [PASSED|FAILED]`, with indented detail lines under -v), the
// summary counts, and `npz compare PASSED.` / `FAILED.` as the verdict. model_transform and
// model_deploy print the same blocks, so tpuMlirLog reads them through readNpzCompare too.
import { emptyReport, type LogCompare, type LogEntry, type LogReport } from './logReport';
import type { LogText } from './logText';
import { pythonErrors } from './pythonErrors';

// NOT_SIMLIAR (sic) is what npz_tool prints; NOT_SIMILAR is accepted in case a build fixes it.
// Matched on the line without its trailing spaces, the padded name trimmed afterwards: a lazy
// `.*?` before `\s*` backtracks quadratically on a crafted line of spaces.
const TENSOR = /^\[([^\]]*)\]\s+(EQUAL|CLOSE|SIMILAR|NOT_EQUAL|NOT_SIMLIAR|NOT_SIMILAR|NOT_MATCH)\s+\[(PASSED|FAILED)\]$/;
const DETAIL = /^ {4}(\S.*)$/;
const COUNT = /^\s*(\d+) (compared|passed|failed)\s*$/;
const VERDICT = /^npz compare (PASSED|FAILED)\.?\s*$/;

export interface NpzCompareBlocks {
  compare: LogCompare | null;
  /** One per FAILED tensor line, with its detail lines joined into the message. */
  failures: LogEntry[];
  /** The last `npz compare PASSED|FAILED` line, when one was printed. */
  verdict?: 'PASSED' | 'FAILED';
}

/** The compare blocks of a log, their counts added up (model_deploy may print several). */
export function readNpzCompare(log: LogText): NpzCompareBlocks {
  const failures: LogEntry[] = [];
  const counts = { compared: 0, passed: 0, failed: 0 };
  let counted = false;
  let verdict: NpzCompareBlocks['verdict'];
  let tensorsPassed = 0;
  let firstFailure: string | null = null;
  let current: LogEntry | undefined;
  log.lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    const detail = current ? DETAIL.exec(line) : null;
    if (current && detail) {
      current.message += `; ${detail[1].split('=').map((part) => part.trim()).join(' = ')}`;
      return;
    }
    current = undefined;
    let m: RegExpExecArray | null;
    if ((m = TENSOR.exec(line))) {
      if (m[3] === 'FAILED') {
        const name = m[1].trim();
        current = { code: null, message: `${name}: ${m[2]}`, line: i + 1 };
        firstFailure ??= name;
        failures.push(current);
      } else tensorsPassed++;
    } else if ((m = COUNT.exec(line))) {
      counts[m[2] as keyof typeof counts] += Number(m[1]);
      counted = true;
    } else if ((m = VERDICT.exec(line))) verdict = m[1] as 'PASSED' | 'FAILED';
  });
  // Without the summary (a cut log) the lines shown are all there is to count.
  const compare: LogCompare | null = counted
    ? { ...counts, firstFailure }
    : failures.length + tensorsPassed > 0
      ? { compared: failures.length + tensorsPassed, passed: tensorsPassed, failed: failures.length, firstFailure }
      : null;
  return { compare, failures, verdict };
}

export function parseNpzCompareLog(log: LogText): LogReport {
  const report = emptyReport('npz-compare');
  const blocks = readNpzCompare(log);
  const crashed = pythonErrors(log);
  report.errors = [...blocks.failures, ...crashed].sort((a, b) => a.line - b.line);
  report.compare = blocks.compare;
  const usage = log.lines.some((l) => /^Usage: /.test(l));
  report.verdict = blocks.verdict === 'FAILED' || crashed.length > 0 || usage ? 'failure' : blocks.verdict === 'PASSED' ? 'success' : 'incomplete';
  return report;
}
