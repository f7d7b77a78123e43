// Which tool wrote a log, from lines only that tool prints. Logs nest: TPU-MLIR prints npz_tool's
// compare blocks and bmruntime lines, `msit debug compare` relays msaccucmp and runs the
// benchmark, bmcompiler may print runtime lines while it checks its result. So the tools are
// tried outermost first, and the first whose signature appears names the log.
import type { LogTool } from './logReport';
import type { LogText } from './logText';

const SIGNATURES: [Exclude<LogTool, 'unknown'>, RegExp][] = [
  ['msaccucmp', /msaccucmp|msquickcmp|(?:msit|ait) debug compare|Analyser (?:init|call) parameter|Operators may lead to inaccuracy|None operator with accuracy issue|The command was completed and took \d+ seconds|^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(\d+\) - \[(?:INFO|WARNING|ERROR)\]/],
  ['tpu-mlir', /TPU-MLIR v\d|^\[(?:Running|Success)\]: |RuntimeError: \[!Error\]|model_transform(?:\.py)?\b|model_deploy(?:\.py)?\b|tpuc-opt/],
  ['npz-compare', /^npz compare (?:PASSED|FAILED)|^min_similiarity = |^\[.*\]\s+(?:EQUAL|CLOSE|SIMILAR|NOT_EQUAL|NOT_SIMLIAR|NOT_MATCH)\s+\[(?:PASSED|FAILED)\]|npz_tool/],
  ['ais-bench', /Performance Summary|NPU_compute_time|ais_bench|(?:msit|ait) benchmark|try get model batchsize|Inference array Processing/],
  ['msame', /^Inference (?:average )?time|Execute sample (?:success|failed)|model execute success|msame|loop must in 1 to 100|device id must in|dymBatch must in|dynamiHW size error|dump and profiler can not both be true|dymBatch dymDims dymHW dymShape|unknown paramenter|input model file type is not \.om|Sample (?:init resource|process) failed|^\[ERROR\] Invalid params/],
  ['atc', /ATC start working now|ATC run (?:success|failed)|^\.*(?:E[0-9A-Z]\d{4}|W\d{5}): |Try 'atc --help'/],
  ['bmcompiler', /\[BMCompiler:[IWEF]\]|Store bmodel of BMCompiler|-m bm(?:net[a-z]|paddle)\b|\b(?:bmnet[a-z]|bmpaddle)\b/],
  ['bmodel-info', /^bmodel version: |^net \d+: \[.*\]\s+(?:static|dynamic)|^device mem size: |^Success: (?:combined to|all files have been generated)|^\[\w+:\d+\] Error : |--info model_file|^Generate file \[.*\.bmodel\]|^read (?:dst|src) model:/],
  ['bmrt_test', /\[BMRT\]\[|bmrt_test|--context_dir\s+: /],
];

/** The tool that wrote the log, or `unknown`. Reads at most the first and last 2,000 lines (a huge log says who wrote it early). */
export function detectTool(log: LogText): LogTool {
  const lines = log.lines.length > 4000 ? [...log.lines.slice(0, 2000), ...log.lines.slice(-2000)] : log.lines;
  for (const [tool, signature] of SIGNATURES) {
    if (lines.some((line) => signature.test(line))) return tool;
  }
  return 'unknown';
}
