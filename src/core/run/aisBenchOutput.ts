// What an `ais_bench` / `ait benchmark` / `msit benchmark` run of an .om said, as data (issue 16):
// the latency figures of its Performance Summary (NPU_compute_time and, with
// --display_all_summary, the others printed the same way), the throughput, the batch size it
// found, and the output folder and files it names. Lines as ../shared/toolchains.md §10 records
// them; where that sheet has no line for a path, any `<dir>/<YYYY_MM_DD-HH_MM_SS>` folder,
// `*_summary.json` or `pure_infer_data_<i>` file mentioned is taken.
import { aclRunnerMessage } from './msameOutput';

export interface LatencyFigures {
  min: number;
  max: number;
  mean: number;
  median: number;
  /** `percentile(99%)`. */
  p99: number;
}

export interface AisBenchRun {
  /** Per figure name as printed (`NPU_compute_time`, `H2D_latency` …), in milliseconds. */
  latencies: Record<string, LatencyFigures>;
  /** Items per second: `1000*batchsize.mean / NPU_compute_time.mean`. */
  throughput?: number;
  batchSize?: number;
  outputFolder?: string;
  summaryJson?: string;
  outputFiles: string[];
  /** The summary block was printed in full (the run got through inference). */
  summarized: boolean;
  errors: string[];
}

const FIGURES = /^(\w+) \(ms\): min = ([\d.eE+-]+), max = ([\d.eE+-]+), mean = ([\d.eE+-]+), median = ([\d.eE+-]+), percentile\(99%\) = ([\d.eE+-]+)/;
const THROUGHPUT = /^throughput [^:]*:\s*([\d.eE+-]+)$/;
const BATCH = /^try get model batchsize:\s*(\d+)/;
const SUMMARY_START = /-+Performance Summary-+/;
const SUMMARY_END = /^-{20,}$/;
// Paths start after a space, `:` or `=` (`output path:./result/…`).
const TIMESTAMPED = /(?<=^|[\s:=])([^\s:=]*\d{4}_\d\d_\d\d-\d\d_\d\d_\d\d)(?=\/|\s|$)/;
const SUMMARY_JSON = /(?<=^|[\s:=])([^\s:=]+_summary\.json)/;
const OUTPUT_FILE = /(?<=^|[\s:=])([^\s:=]*(?:pure_infer_data_\d+|_\d+)\.(?:bin|npy|txt))\b/;

/** The run in `output`, the whole text or its lines. */
export function parseAisBenchOutput(output: string | readonly string[]): AisBenchRun {
  const run: AisBenchRun = { latencies: {}, outputFiles: [], summarized: false, errors: [] };
  let inSummary = false;
  for (const raw of typeof output === 'string' ? output.split(/\r\n|\r|\n/) : output) {
    const message = aclRunnerMessage(raw);
    const text = message ? message.text.trim() : raw.trim();
    if (message?.level === 'ERROR') run.errors.push(text);
    let m: RegExpExecArray | null;
    if (SUMMARY_START.test(text)) inSummary = true;
    else if (inSummary && SUMMARY_END.test(text)) {
      inSummary = false;
      run.summarized = true;
    } else if ((m = FIGURES.exec(text))) run.latencies[m[1]] = { min: Number(m[2]), max: Number(m[3]), mean: Number(m[4]), median: Number(m[5]), p99: Number(m[6]) };
    else if ((m = THROUGHPUT.exec(text))) run.throughput = Number(m[1]);
    else if ((m = BATCH.exec(text))) run.batchSize = Number(m[1]);
    else {
      if ((m = SUMMARY_JSON.exec(text))) run.summaryJson ??= m[1];
      else if ((m = TIMESTAMPED.exec(text))) run.outputFolder ??= m[1];
      if ((m = OUTPUT_FILE.exec(text)) && !run.outputFiles.includes(m[1])) run.outputFiles.push(m[1]);
    }
  }
  return run;
}
