// The errors and warnings in a conversion tool's output, for the Problems panel: bmcompiler's glog
// lines tagged `[BMCompiler:E|F|W]`, Python tracebacks (the bm* front ends are Python: a failure
// is an exception, and its last frame is where it happened) and ATC's coded error blocks
// (`E10016: …`, `EZ3003: …`, warnings `W11001: …`). Formats as ../shared/toolchains.md records them.
// Pure text in, problems out: mapping a named file to a local one is the caller's business (the
// names are the host's paths, or the compiler's own sources). `npu-deploy log` reads bmcompiler and
// ATC logs through this same parser (src/core/logs), so the two never disagree.
import { explain, explanationText } from '../logs/explanations';
import { stripAnsi } from '../logs/logText';
import type { LogTool } from '../logs/logReport';

export interface ToolProblem {
  severity: 'error' | 'warning';
  /** `bmcompiler`, `python.<ExceptionType>` or `atc.<CODE>`. */
  code: string;
  message: string;
  /** The file the tool named, as it named it (a path on the host, or a compiler source file). */
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
  /** 1-based line of the tool's output where the problem starts. */
  logLine?: number;
  /** What the vendor's code or message means and what to do, when known (localised). */
  hint?: string;
}

// I1124 23:35:48.233935   852 bmcompiler_bmodel.cpp:130] [BMCompiler:I] save_tensor input name [data]
const GLOG = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ ([^\s:\]]+):(\d+)\]\s*\[BMCompiler:([IWEF])\]\s?(.*)$/;
// The same tag without a glog prefix (some builds print through their own logger).
const BARE_TAG = /\[BMCompiler:([IWEF])\]\s?(.*)$/;
const TRACEBACK = /^Traceback \(most recent call last\):\s*$/;
const FRAME = /^\s+File "(.+)", line (\d+)(?:, in .*)?$/;
// `E10016: …`, newer CANN `E10016: [PID: 123] 2024-01-01-10:00:00.000.000 …`; ATC's progress dots
// can run into the code on the same line.
const ATC_CODE = /^\.*(E[0-9A-Z]\d{4}|W\d{5}):\s*(?:\[PID: \d+\]\s*\S+\s*)?(.*)$/;
const ATC_DETAIL = /^\s+(Possible Cause|Solution):\s*(.*)$/;

// Where a second message starts glued to the end of another on one line (warnings printed
// without their line end): an ATC code after the end of a sentence, or a glog prefix.
const GLUED = /(?<=[.!)\]])\s*(?=(?:E[0-9A-Z]\d{4}|W\d{5}): )|(?<=\S)(?=[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [^\s:\]]+:\d+\] \[BMCompiler:)/;

export function parseToolProblems(output: string): ToolProblem[] {
  // Colour codes out, and a lone CR ends a line as it does in an editor (logLine numbers match).
  return parseToolProblemLines(stripAnsi(output).split(/\r\n|\r|\n/));
}

/**
 * The same, over a log already split into lines without colour codes (src/core/logs' LogText);
 * `hints: false` leaves the explanations out (a log report explains its entries when shown).
 */
export function parseToolProblemLines(physical: readonly string[], hints = true): ToolProblem[] {
  // Glued messages become lines of their own that keep the number of the line they were on.
  const lines: string[] = [];
  const numbers: number[] = [];
  physical.forEach((line, n) => {
    for (const part of GLUED.test(line) ? line.split(GLUED) : [line]) {
      lines.push(part);
      numbers.push(n + 1);
    }
  });
  const problems: ToolProblem[] = [];
  const add: AddProblem = (problem, tool, vendorCode) => problems.push(hints ? withHint(problem, tool, vendorCode) : problem);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (TRACEBACK.test(line)) {
      i = readTraceback(lines, i + 1, numbers[i], add);
      continue;
    }
    const glog = GLOG.exec(line);
    if (glog) {
      const severity = compilerSeverity(glog[3]);
      if (severity) add({ severity, code: 'bmcompiler', message: glog[4].trim(), file: glog[1], line: Number(glog[2]), logLine: numbers[i] }, 'bmcompiler', `BMCompiler:${glog[3]}`);
      continue;
    }
    const bare = BARE_TAG.exec(line);
    if (bare) {
      const severity = compilerSeverity(bare[1]);
      if (severity) add({ severity, code: 'bmcompiler', message: bare[2].trim(), logLine: numbers[i] }, 'bmcompiler', `BMCompiler:${bare[1]}`);
      continue;
    }
    const atc = ATC_CODE.exec(line);
    if (atc) {
      const start = numbers[i];
      const details: string[] = [];
      // The block's own indented lines: keep the cause and the fix, not ATC's internal frames.
      while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1])) {
        const detail = ATC_DETAIL.exec(lines[++i]);
        if (detail) details.push(`${detail[1]}: ${detail[2].trim()}`);
      }
      add({ severity: atc[1].startsWith('W') ? 'warning' : 'error', code: `atc.${atc[1]}`, message: [atc[2].trim(), ...details].join('\n'), logLine: start }, 'atc', atc[1]);
    }
  }
  return problems;
}

type AddProblem = (problem: ToolProblem, tool: LogTool, vendorCode: string | null) => void;

/** The problem with its explanation, when the vendor's code (or, for bmcompiler, the message) has one. */
function withHint(problem: ToolProblem, tool: LogTool, vendorCode: string | null): ToolProblem {
  const explanation = explain(tool, { code: vendorCode, message: problem.message });
  return explanation ? { ...problem, hint: explanationText(explanation) } : problem;
}

function compilerSeverity(letter: string): ToolProblem['severity'] | undefined {
  return letter === 'E' || letter === 'F' ? 'error' : letter === 'W' ? 'warning' : undefined;
}

/** Reads the frames after `Traceback …:` and the exception line; returns the index of the last line used. */
function readTraceback(lines: readonly string[], start: number, logLine: number, add: AddProblem): number {
  let file: string | undefined;
  let line: number | undefined;
  let i = start;
  for (; i < lines.length; i++) {
    const frame = FRAME.exec(lines[i]);
    if (frame) {
      file = frame[1];
      line = Number(frame[2]);
    } else if (!/^\s/.test(lines[i]) && lines[i] !== '') break;
  }
  if (i >= lines.length) return i - 1;
  // `ValueError: message`, or a bare `KeyboardInterrupt`.
  const exception = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/.exec(lines[i]);
  const type = exception ? exception[1] : 'Exception';
  const message = exception ? (exception[2] !== undefined ? `${type}: ${exception[2]}` : type) : lines[i];
  add({ severity: 'error', code: `python.${type.split('.').pop() ?? type}`, message, file, line, logLine }, 'bmcompiler', null);
  return i;
}
