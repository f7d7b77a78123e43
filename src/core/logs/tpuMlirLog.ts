// TPU-MLIR's model_transform / model_deploy output (toolchains.md §5.3): the Python logger's
// `YYYY/MM/DD HH:MM:SS - LEVEL : …` lines, each subprocess as `[Running]: cmd` then `[Success]: cmd`,
// a failure as the traceback of `RuntimeError: [!Error]: cmd`, and the npz_tool compare blocks the
// flow prints after each step (read by npzCompareLog).
import { emptyReport, type LogReport } from './logReport';
import type { LogText } from './logText';
import { readNpzCompare } from './npzCompareLog';
import { pythonErrors } from './pythonErrors';

const LOGGER = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d - (INFO|WARNING|ERROR|CRITICAL)\s*:\s*(.*)$/;
const VERSION = /TPU-MLIR (v[\w.+-]+)/;
const STEP = /^\[(Running|Success)\]:\s*(.*)$/;

export function parseTpuMlirLog(log: LogText): LogReport {
  const report = emptyReport('tpu-mlir');
  let version: string | undefined;
  let running: string | undefined;
  let lastSucceeded = false;
  log.lines.forEach((line, i) => {
    version ??= VERSION.exec(line)?.[1];
    const logged = LOGGER.exec(line);
    if (logged && logged[2].trim() !== '') {
      if (logged[1] === 'WARNING') report.warnings.push({ code: null, message: logged[2].trim(), line: i + 1 });
      else if (logged[1] !== 'INFO') report.errors.push({ code: null, message: logged[2].trim(), line: i + 1 });
    }
    const step = STEP.exec(line);
    if (step) {
      const command = step[2].trim();
      if (step[1] === 'Running') {
        running = command;
        lastSucceeded = false;
      } else if (command === running) lastSucceeded = true;
    }
  });
  const blocks = readNpzCompare(log);
  const crashed = pythonErrors(log);
  report.errors = [...report.errors, ...blocks.failures, ...crashed].sort((a, b) => a.line - b.line);
  report.compare = blocks.compare;
  const failed = crashed.length > 0 || blocks.verdict === 'FAILED' || report.errors.some((e) => /\[!Error\]/.test(e.message));
  report.verdict = failed ? 'failure' : running !== undefined && lastSucceeded ? 'success' : 'incomplete';
  if (version) report.model = { version: `TPU-MLIR ${version}`, nets: [] };
  return report;
}
