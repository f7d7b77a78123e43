// The Ascend comparison tools' output (toolchains.md §7.2, §8): msaccucmp.py's
// `YYYY-mm-dd HH:MM:SS (<pid>) - [LEVEL] …` lines (msquickcmp and `msit`/`ait debug compare` relay
// them as `[INFO] b'…'`), its closing "The command was completed and took N seconds.", and msit's
// analyser: "None operator with accuracy issue reported" or the table of operators that "may lead
// to inaccuracy". A named operator counts as a failed compare, as a failing tensor does for
// bmrt_test and npz_tool.
import { emptyReport, type LogReport } from './logReport';
import type { LogText } from './logText';
import { pythonErrors } from './pythonErrors';

// Matched on the trimmed line: no `\s*$` after a `.*` (a crafted line would make it backtrack for minutes).
const RELAYED = /^\[\w+\]\s*b(['"])(.*)\1$/;
const LOGGED = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(\d+\) - \[(\w+)\]\s*(.*)$/;
const OWN = /^\[(INFO|WARNING|WARN|ERROR)\]\s*(.*)$/;
const COMPLETED = /The command was completed and took (\d+) seconds/;
const ARGPARSE = /^\S+: error: (.*)$/;
const BASIC_ERROR = /^Basic error running .*$/;
const NOTHING_WRONG = /None operator with accuracy issue reported/;
const SUSPECTS = /Operators may lead to inaccuracy/;

export function parseMsaccucmpLog(log: LogText): LogReport {
  const report = emptyReport('msaccucmp');
  let completed = false;
  let analysed = false;
  let header: string[] | undefined;
  let suspects: Record<string, string>[] | undefined;
  log.lines.forEach((raw, i) => {
    const line = RELAYED.exec(raw.trim())?.[2] ?? raw.trim();
    const logged = LOGGED.exec(line) ?? OWN.exec(line);
    if (logged) {
      const [, level, text] = logged;
      if (level === 'ERROR') report.errors.push({ code: null, message: text.trim(), line: i + 1 });
      else if (level.startsWith('WARN')) report.warnings.push({ code: null, message: text.trim(), line: i + 1 });
    } else {
      const rejected = ARGPARSE.exec(line) ?? (BASIC_ERROR.test(line) ? [line, line] : null);
      if (rejected) report.errors.push({ code: null, message: rejected[1], line: i + 1 });
    }
    const took = COMPLETED.exec(line);
    if (took) {
      completed = true;
      report.timings.totalMs = Number(took[1]) * 1000;
    }
    if (NOTHING_WRONG.test(line)) analysed = true;
    if (SUSPECTS.test(line)) {
      analysed = true;
      suspects = [];
      return;
    }
    // The analyser's markdown table: a header row, a rule, then one row per operator.
    const row = (OWN.exec(line)?.[2] ?? line).trim();
    if (suspects && /^\|.*\|$/.test(row)) {
      const cells = row.slice(1, -1).split('|').map((c) => c.trim());
      if (!header) header = cells;
      else if (!cells.every((c) => /^:?-+:?$/.test(c))) suspects.push(Object.fromEntries(header.map((h, k) => [h, cells[k] ?? ''])));
    } else if (suspects && header && row !== '') header = undefined;
  });
  const crashed = pythonErrors(log);
  report.errors = [...report.errors, ...crashed].sort((a, b) => a.line - b.line);
  if (analysed) {
    const first = suspects?.[0];
    report.compare = { compared: null, passed: null, failed: suspects?.length ?? 0, firstFailure: first ? first.GroundTruth || first.NPUDump || first.OpType || null : null };
  }
  const failed = report.errors.length > 0 || (report.compare?.failed ?? 0) > 0;
  report.verdict = failed ? 'failure' : completed || analysed ? 'success' : 'incomplete';
  return report;
}
