// `bm_model.bin` / `tpu_model` / `model_tool` output (toolchains.md §3): `--info`'s brief model
// description (version, chip, nets static or dynamic, each stage's inputs and outputs with shape,
// dtype and scale) becomes the report's model; the other commands' `Success: …` lines and the
// `[<func>:<n>] Error : …` lines give the verdict.
import { emptyReport, type LogModel, type LogNet, type LogReport, type LogTensor } from './logReport';
import type { LogText } from './logText';

const VERSION = /^bmodel version:\s*(\S+)/;
const CHIP = /^(?:chip|processor):\s*([\w-]+)/;
const NET = /^net \d+:\s*\[(.*)\]\s+(static|dynamic)/;
const STAGE = /^stage (\d+)/;
// `input: <name>, [d0, d1, …], <dtype>, scale: …`; a name may hold commas, so the shape anchors it
// (found with indexOf: a regexp over a crafted megabyte line backtracks for minutes).
const TENSOR_START = /^(input|output):\s*/;
const MEMORY = /^device mem size:/;
const SUCCESS = /^Success: |^update success|^save file\[.*\] success/;
const ERROR = /^\[\w+:\d+\]\s*Error\s*:\s*(.*)$/;
const USAGE = /^\s*--info model_file\s*:/;

export function parseBmodelInfoLog(log: LogText): LogReport {
  const report = emptyReport('bmodel-info');
  const model: LogModel = { nets: [] };
  let net: LogNet | undefined;
  let stage = 0;
  let described = false;
  let succeeded = false;
  let failed = false;
  log.lines.forEach((line, i) => {
    let m: RegExpExecArray | null;
    if ((m = VERSION.exec(line))) model.version = m[1];
    else if ((m = CHIP.exec(line))) model.chip = m[1];
    else if ((m = NET.exec(line))) {
      net = { name: m[1], dynamic: m[2] === 'dynamic', inputs: [], outputs: [] };
      model.nets.push(net);
      stage = 0;
      // Complete only once the last net's memory sizes are printed (a cut capture stops before them).
      described = false;
    } else if ((m = STAGE.exec(line))) stage = Number(m[1]);
    // Each stage repeats the net's tensors with its own shapes: the first stage stands for the net.
    else if ((m = TENSOR_START.exec(line))) {
      const tensor = tensorLine(line.slice(m[0].length));
      if (tensor && net && stage === 0) (m[1] === 'input' ? net.inputs : net.outputs).push(tensor);
    } else if (MEMORY.test(line) && net) described = true;
    else if (SUCCESS.test(line)) succeeded = true;
    else if ((m = ERROR.exec(line))) {
      report.errors.push({ code: null, message: m[1].trim(), line: i + 1 });
      failed = true;
    } else if (USAGE.test(line)) failed = true;
  });
  report.verdict = failed ? 'failure' : described || succeeded ? 'success' : 'incomplete';
  report.model = model.version !== undefined || model.nets.length > 0 ? model : null;
  return report;
}

/** `<name>, [d0, d1, …], <dtype>, …` (dims of dynamic nets as `max:N`), or undefined. */
function tensorLine(rest: string): LogTensor | undefined {
  const open = rest.indexOf(', [');
  const close = open < 0 ? -1 : rest.indexOf('], ', open);
  const dtype = close < 0 ? undefined : /^\w+/.exec(rest.slice(close + 3, close + 40))?.[0];
  if (dtype === undefined) return undefined;
  const shape = rest
    .slice(open + 3, close)
    .split(',')
    .map((d) => Number(d.replace(/^\s*max:/, '').trim()));
  return { name: rest.slice(0, open), shape, dtype };
}
