// bmrt_test's output (toolchains.md §2) as a log report: the run itself is read by
// src/core/run/bmrtTestOutput (launch and phase times, compare verdicts and mismatches); this adds
// what a report needs on top: each FATAL/WRONG/WARNING line with its place, the verdict, and the
// model the runtime loaded (its path, bmodel version and the `show_net_info` block of newer builds).
// `[BMRT][<func>:<n>]` numbers change between versions and are never matched; runtime lines that
// arrive glued on one line are read one by one.
import { bmrtLogLine, parseBmrtTestOutput } from '../run/bmrtTestOutput';
import { emptyReport, type LogModel, type LogNet, type LogReport } from './logReport';
import type { LogText } from './logText';

const GLUED = /(?<=\S)(?=\[BMRT\]\[)/;
const LOADING = /^Loading bmodel from \[(.*)\]/;
const VERSION = /^Bmodel loaded, version (\S+)/;
const NET_NAME = /^\s*NetName:\s*(.+?), Index=\d+/;
const TENSOR = /^\s*(Input|Output) \d+\) '(.*)' shape=\[([^\]]*)\] dtype=(\w+)/;
const USAGE = /^\s*--context_dir\s+: /;
const PHASE_KEYS = { loadInput: 'loadInputMs', preAlloc: 'preAllocMs', calculate: 'calculateMs', getOutput: 'getOutputMs', compare: 'compareMs' } as const;

export function parseBmrtTestLog(log: LogText): LogReport {
  const report = emptyReport('bmrt_test');
  const segments: string[] = [];
  let model: LogModel | undefined;
  let net: LogNet | undefined;
  let comparing = 0;
  let usage = false;
  log.lines.forEach((physical, i) => {
    for (const line of physical.indexOf('[BMRT][', 1) > 0 ? physical.split(GLUED) : [physical]) {
      segments.push(line);
      if (USAGE.test(line)) usage = true;
      const tagged = bmrtLogLine(line);
      // The net info block comes bare in some builds and as INFO lines in others.
      const body = tagged ? tagged.text : line;
      const name = NET_NAME.exec(body);
      if (name) {
        model ??= { nets: [] };
        net = { name: name[1], inputs: [], outputs: [] };
        model.nets.push(net);
        continue;
      }
      const tensor = TENSOR.exec(body);
      if (tensor && net) {
        (tensor[1] === 'Input' ? net.inputs : net.outputs).push({ name: tensor[2], shape: tensor[3].trim().split(/\s+/).map(Number), dtype: tensor[4].toLowerCase() });
        continue;
      }
      if (!tagged) continue;
      const text = tagged.text.trim();
      if (tagged.level === 'FATAL' || tagged.level === 'WRONG') report.errors.push({ code: null, message: text, line: i + 1 });
      else if (tagged.level === 'WARNING') report.warnings.push({ code: null, message: text, line: i + 1 });
      const loading = LOADING.exec(text);
      if (loading) (model ??= { nets: [] }).file = loading[1];
      const version = VERSION.exec(text);
      if (version) (model ??= { nets: [] }).version = version[1];
      if (/^==>\s*comparing /.test(text)) comparing++;
    }
  });
  const run = parseBmrtTestOutput(segments);
  if (run.launches.length > 0) {
    const mean = (f: (l: (typeof run.launches)[number]) => number) => run.launches.reduce((sum, l) => sum + f(l), 0) / run.launches.length / 1000;
    report.timings.launchTotalMs = mean((l) => l.totalMicros);
    report.timings.npuMs = mean((l) => l.npuMicros);
    report.timings.cpuMs = mean((l) => l.cpuMicros);
  }
  for (const [key, name] of Object.entries(PHASE_KEYS)) {
    const seconds = run.seconds[key as keyof typeof PHASE_KEYS];
    // Printed with 6 decimals: rounded back to them after the scaling (not 6.877000000000001).
    if (seconds !== undefined) report.timings[name] = Math.round(seconds * 1e9) / 1e6;
  }
  const comparedFailed = run.compares.some((c) => !c.passed);
  if (run.compares.length > 0 || comparing > 0) {
    const compared = Math.max(comparing, run.compares.length);
    const failed = comparedFailed ? Math.max(1, run.failedOutputs.length) : 0;
    const first = run.mismatches[0];
    const firstFailure = first ? first.label : run.failedOutputs.length > 0 ? `output #${run.failedOutputs[0]}` : null;
    report.compare = { compared, passed: compared - failed, failed, firstFailure: comparedFailed ? firstFailure : null };
  }
  // A run ends with its phase times; a compare started and never judged is still going (or was cut).
  const finished = run.seconds.calculate !== undefined && (comparing === 0 || run.compares.length > 0);
  report.verdict = run.fatal.length > 0 || comparedFailed || usage ? 'failure' : finished ? 'success' : 'incomplete';
  report.model = model ?? null;
  return report;
}
