// ATC's console protocol (toolchains.md §6.3): `ATC start working now…`, progress dots, then
// `ATC run success…` or `ATC run failed…`, with coded error blocks and W-coded warnings. The
// blocks are read by the Problems panel's parser (src/core/convert/toolProblems), codes kept as
// the vendor prints them (`E10016`, `W11001`).
import { parseToolProblemLines } from '../convert/toolProblems';
import { emptyReport, type LogReport } from './logReport';
import type { LogText } from './logText';

const SUCCESS = /ATC run success/;
const FAILED = /ATC run failed/;
const REJECTED = /^ERROR: (unknown command line flag .*)$/;

export function parseAtcLog(log: LogText): LogReport {
  const report = emptyReport('atc');
  for (const problem of parseToolProblemLines(log.lines, false)) {
    const entry = { code: problem.code.startsWith('atc.') ? problem.code.slice('atc.'.length) : null, message: problem.message, line: problem.logLine ?? 1 };
    (problem.severity === 'warning' ? report.warnings : report.errors).push(entry);
  }
  let verdict: LogReport['verdict'] = 'incomplete';
  log.lines.forEach((line, i) => {
    if (SUCCESS.test(line)) verdict = 'success';
    else if (FAILED.test(line)) verdict = 'failure';
    const rejected = REJECTED.exec(line);
    if (rejected) {
      report.errors.push({ code: null, message: rejected[1], line: i + 1 });
      verdict = 'failure';
    }
  });
  report.verdict = verdict;
  return report;
}
