// The NNTC front ends' output (bmnetc/d/u binaries and bmnetp/o/t/m, bmpaddle Python modules,
// toolchains.md §1.6): the errors and warnings are the Problems panel's parse (glog lines tagged
// `[BMCompiler:E|F|W]`, Python tracebacks), plus the command-line rejections the panel leaves to
// the exit status (argparse and gflags texts). Success is the "Store bmodel of BMCompiler" banner;
// the model is what `save_tensor` lines name.
import { parseToolProblemLines } from '../convert/toolProblems';
import { emptyReport, type LogReport, type LogTensor } from './logReport';
import type { LogText } from './logText';

const STORED = /Store bmodel of BMCompiler/;
const SAVE_TENSOR = /\[BMCompiler:I\]\s*save_tensor (input|output) name \[(.*)\]/;
// glog's tag letter, kept as the vendor's code.
const TAGGED = /\[BMCompiler:([EFW])\]/;
const REJECTED = /^(?:\S+: error: (.*)|ERROR: (unknown command line flag .*))$/;
const COMPARE_FAILED = /compare failed|cmp failed/i;

export function parseBmcompilerLog(log: LogText): LogReport {
  const report = emptyReport('bmcompiler');
  let failed = false;
  for (const problem of parseToolProblemLines(log.lines, false)) {
    const line = problem.logLine ?? 1;
    const tag = TAGGED.exec(log.lines[line - 1] ?? '');
    const code = problem.code === 'bmcompiler' && tag ? `BMCompiler:${tag[1]}` : null;
    const entry = { code, message: problem.message, line };
    if (problem.severity === 'warning') report.warnings.push(entry);
    else report.errors.push(entry);
    // A Python exception or a fatal check ends the compile.
    if (problem.code.startsWith('python.') || code === 'BMCompiler:F') failed = true;
  }
  const inputs: LogTensor[] = [];
  const outputs: LogTensor[] = [];
  let stored = false;
  let compareFailed: string | undefined;
  log.lines.forEach((line, i) => {
    const saved = SAVE_TENSOR.exec(line);
    if (saved) (saved[1] === 'input' ? inputs : outputs).push({ name: saved[2] });
    if (STORED.test(line)) stored = true;
    const rejected = REJECTED.exec(line);
    if (rejected) {
      report.errors.push({ code: null, message: (rejected[1] ?? rejected[2]).trim(), line: i + 1 });
      failed = true;
    }
    if (compareFailed === undefined && TAGGED.test(line) && COMPARE_FAILED.test(line)) {
      // `compare failed at output [name], index …`: the output named, else the message.
      const after = (line.split(TAGGED)[2] ?? line).trim();
      compareFailed = /\[([^\]]+)\]/.exec(after)?.[1] ?? after;
    }
  });
  report.errors.sort((a, b) => a.line - b.line);
  // No banner after an error: the compile did not get to store a bmodel (the binaries end on an E line).
  report.verdict = failed || compareFailed !== undefined ? 'failure' : stored ? 'success' : report.errors.length > 0 ? 'failure' : 'incomplete';
  if (compareFailed !== undefined) report.compare = { compared: null, passed: null, failed: null, firstFailure: compareFailed };
  if (inputs.length + outputs.length > 0) report.model = { nets: [{ name: netName(log) ?? '', inputs, outputs }] };
  return report;
}

function netName(log: LogText): string | undefined {
  for (const line of log.lines) {
    const m = /compile net \[([^\]]+)\]|--net_name[= ]"?([\w.-]+)/.exec(line);
    if (m) return m[1] ?? m[2];
  }
  return undefined;
}
