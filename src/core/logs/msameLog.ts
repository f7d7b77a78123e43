// msame's output (toolchains.md §9) as a log report: the run is read by src/core/run/msameOutput
// (inference times, averages, output folder, success line); the report adds each [ERROR]/[WARN]
// with its place and the .om it loaded. msame exits 0 after many errors, so the verdict is its own
// "Execute sample success" line, or an [ERROR], never the status.
import { aclRunnerMessage, parseMsameOutput } from '../run/msameOutput';
import { emptyReport, type LogReport } from './logReport';
import type { LogText } from './logText';

const LOADED = /^load model (.*) success$/;

export function parseMsameLog(log: LogText): LogReport {
  const report = emptyReport('msame');
  let file: string | undefined;
  log.lines.forEach((line, i) => {
    const message = aclRunnerMessage(line);
    if (!message) return;
    if (message.level === 'ERROR') report.errors.push({ code: null, message: message.text, line: i + 1 });
    else if (message.level === 'WARN') report.warnings.push({ code: null, message: message.text, line: i + 1 });
    file ??= LOADED.exec(message.text)?.[1];
  });
  const run = parseMsameOutput(log.lines);
  if (run.inferenceMillis.length > 0) report.timings.firstInferenceMs = run.inferenceMillis[0];
  if (run.averageMillis !== undefined) report.timings.averageMs = run.averageMillis;
  if (run.averageWithoutFirstMillis !== undefined) report.timings.averageWithoutFirstMs = run.averageWithoutFirstMillis;
  report.verdict = run.errors.length > 0 ? 'failure' : run.succeeded ? 'success' : 'incomplete';
  if (file !== undefined) report.model = { file, nets: [] };
  return report;
}
