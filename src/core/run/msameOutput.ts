// What an `msame` run of an .om said, as data: each inference's time, the averages it ends with,
// the timestamped output folder it wrote, and its [ERROR] lines. msame exits 0 after many errors
// (../shared/toolchains.md §9), so success is its own "Execute sample success" line, not the status.

export interface MsameRun {
  /** `Inference time: <t>ms`, one per loop. */
  inferenceMillis: number[];
  /** `Inference average time: <t> ms` (file mode) or `Inference average time : <t> ms` (folder mode). */
  averageMillis?: number;
  averageWithoutFirstMillis?: number;
  /** The `{output}/{YYYYmmdd_HHMMSS}` line, as printed. */
  outputFolder?: string;
  succeeded: boolean;
  errors: string[];
}

const INFERENCE = /^Inference time:\s*([\d.]+)\s*ms$/;
const AVERAGE = /^Inference average time\s*:\s*([\d.]+)\s*ms$/;
const AVERAGE_REST = /^Inference average time without first time:\s*([\d.]+)\s*ms$/;
const FOLDER = /^\S*\d{8}_\d{6}$/;
const SUCCESS = /^\[INFO\] (?:pid: \d+ )?Execute sample success\.?$/;
const PREFIXED = /^\[(INFO|WARN|ERROR|DEBUG)\]\s*(.*)$/;

/** An ACL runner's `[INFO] ` / `[WARN] ` / `[ERROR] ` / `[DEBUG] ` line (msame's utils.h; ais_bench prints the same). */
export function aclRunnerMessage(line: string): { level: 'INFO' | 'WARN' | 'ERROR' | 'DEBUG'; text: string } | undefined {
  const m = PREFIXED.exec(line.trim());
  return m ? { level: m[1] as 'INFO' | 'WARN' | 'ERROR' | 'DEBUG', text: m[2] } : undefined;
}

/** The run in `output`, the whole text or its lines. */
export function parseMsameOutput(output: string | readonly string[]): MsameRun {
  const run: MsameRun = { inferenceMillis: [], succeeded: false, errors: [] };
  for (const raw of typeof output === 'string' ? output.split(/\r?\n/) : output) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = INFERENCE.exec(line))) run.inferenceMillis.push(Number(m[1]));
    else if ((m = AVERAGE_REST.exec(line))) run.averageWithoutFirstMillis = Number(m[1]);
    else if ((m = AVERAGE.exec(line))) run.averageMillis = Number(m[1]);
    else if (aclRunnerMessage(line)?.level === 'ERROR') run.errors.push(aclRunnerMessage(line)!.text);
    else if (SUCCESS.test(line)) run.succeeded = true;
    else if (run.outputFolder === undefined && FOLDER.test(line)) run.outputFolder = line;
  }
  // An [ERROR] after the run (e.g. no permission for the output folder) still means it did not do its job.
  if (run.errors.length > 0) run.succeeded = false;
  return run;
}
