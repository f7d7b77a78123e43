// ais_bench / `ait benchmark` / `msit benchmark` output (toolchains.md §10) as a log report: the
// run is read by src/core/run/aisBenchOutput (latencies, throughput, output paths); the report
// adds each [ERROR]/[WARN] and Python traceback with its place. Success is the Performance
// Summary printed in full without an error.
import { aclRunnerMessage } from '../run/msameOutput';
import { parseAisBenchOutput } from '../run/aisBenchOutput';
import { emptyReport, type LogReport } from './logReport';
import type { LogText } from './logText';
import { pythonErrors } from './pythonErrors';

const LOADED = /^load model (.*) success$/;

export function parseAisBenchLog(log: LogText): LogReport {
  const report = emptyReport('ais-bench');
  let file: string | undefined;
  log.lines.forEach((line, i) => {
    const message = aclRunnerMessage(line);
    if (!message) return;
    if (message.level === 'ERROR') report.errors.push({ code: null, message: message.text.trim(), line: i + 1 });
    else if (message.level === 'WARN') report.warnings.push({ code: null, message: message.text.trim(), line: i + 1 });
    file ??= LOADED.exec(message.text.trim())?.[1];
  });
  const crashed = pythonErrors(log);
  report.errors = [...report.errors, ...crashed].sort((a, b) => a.line - b.line);
  const run = parseAisBenchOutput(log.lines);
  const compute = run.latencies.NPU_compute_time;
  if (compute) {
    report.timings.npuComputeMinMs = compute.min;
    report.timings.npuComputeMaxMs = compute.max;
    report.timings.npuComputeMeanMs = compute.mean;
    report.timings.npuComputeMedianMs = compute.median;
    report.timings.npuComputeP99Ms = compute.p99;
  }
  if (run.throughput !== undefined) report.timings.throughput = run.throughput;
  report.verdict = report.errors.length > 0 ? 'failure' : run.summarized && run.throughput !== undefined ? 'success' : 'incomplete';
  if (file !== undefined) report.model = { file, nets: [] };
  return report;
}
