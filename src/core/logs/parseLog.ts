// One entry for every captured tool output: `parseLog(text)` finds the tool (or takes the one the
// caller knows) and hands the text to that tool's parser, one parser per tool. An unknown log
// still gets its Python tracebacks as errors.
import { parseAisBenchLog } from './aisBenchLog';
import { parseAtcLog } from './atcLog';
import { parseBmcompilerLog } from './bmcompilerLog';
import { parseBmodelInfoLog } from './bmodelInfoLog';
import { parseBmrtTestLog } from './bmrtTestLog';
import { detectTool } from './detectTool';
import { emptyReport, type LogReport, type LogTool } from './logReport';
import { readLogText, type LogText } from './logText';
import { parseMsaccucmpLog } from './msaccucmpLog';
import { parseMsameLog } from './msameLog';
import { parseNpzCompareLog } from './npzCompareLog';
import { pythonErrors } from './pythonErrors';
import { parseTpuMlirLog } from './tpuMlirLog';

const PARSERS: Record<LogTool, (log: LogText) => LogReport> = {
  bmcompiler: parseBmcompilerLog,
  bmrt_test: parseBmrtTestLog,
  'bmodel-info': parseBmodelInfoLog,
  'tpu-mlir': parseTpuMlirLog,
  'npz-compare': parseNpzCompareLog,
  atc: parseAtcLog,
  msame: parseMsameLog,
  'ais-bench': parseAisBenchLog,
  msaccucmp: parseMsaccucmpLog,
  unknown: parseUnknownLog,
};

export function parseLog(text: string, tool?: LogTool): LogReport {
  const log = readLogText(text);
  return PARSERS[tool ?? detectTool(log)](log);
}

function parseUnknownLog(log: LogText): LogReport {
  const report = emptyReport('unknown');
  report.errors = pythonErrors(log);
  if (report.errors.length > 0) report.verdict = 'failure';
  return report;
}
