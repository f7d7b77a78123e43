// What a `bmrt_test` run on the device said, as data: the launch times per net and stage, the
// compare verdicts against the compile's reference data (with the failing output and the index,
// expected and got values of each mismatch), the phase times, and FATAL messages. Lines as
// ../shared/toolchains.md §2 records them: `[BMRT][<func>:<line>] <LEVEL>:<text>`; the line
// numbers vary by build, so only the level and text are read.

export interface BmrtLaunch {
  net: string;
  stage: number;
  totalMicros: number;
  npuMicros: number;
  cpuMicros: number;
}

export interface BmrtMismatch {
  /** The output being compared (`comparing #<i>`), when the log said which. */
  output?: number;
  /** The tensor name or label bmrt_test prints. */
  label: string;
  /** `rel`/`abs` warnings for floats, `error` for integer outputs. */
  kind: 'rel' | 'abs' | 'error';
  index: number;
  /** As printed (floats with 20 decimals): converting would hide the digits the user compares. */
  expected: string;
  got: string;
}

export interface BmrtTestRun {
  launches: BmrtLaunch[];
  /** One per `cmp success` / `cmp failed` line. */
  compares: { net: string; stage: number; passed: boolean }[];
  mismatches: BmrtMismatch[];
  /** Outputs reported by `comparing #<i> output failed!`. */
  failedOutputs: number[];
  /** The phase times the run ends with, in seconds. */
  seconds: { loadInput?: number; preAlloc?: number; calculate?: number; getOutput?: number; compare?: number };
  /** FATAL messages other than a compare verdict (option errors, load failures, device errors). */
  fatal: string[];
  /** The outputs the net-info block of newer builds lists (`Output 0) 'name' shape=[ 1 1000 ] dtype=FLOAT32`), stage 0. */
  outputs: { name: string; shape: number[]; dtype: string }[];
}

const LEVEL = /(?:^|\]\s*)(INFO|WARNING|WRONG|FATAL):(.*)$/;
const LAUNCH = /^net\[(.+)\] stage\[(\d+)\], launch total time is (\d+) us \(npu (\d+) us, cpu (\d+) us\)/;
const VERDICT = /^\+\+\+ The network\[(.+)\] stage\[(\d+)\] cmp (success|failed) \+\+\+/;
const COMPARING = /^==>\s*comparing (?:output in mem #(\d+)|#(\d+) output)/;
const MISMATCH = /^(.*) (?:(rel|abs) warning|(error)) at index (\d+) exp (\S+) got (\S+)/;
const OUTPUT_FAILED = /^comparing #(\d+) output failed!/;
const TIME = /^(load input|pre alloc|calculate|get output|compare)\s+time\(s\):\s*([\d.eE+-]+)/;
const NET_OUTPUT = /^\s*Output (\d+)\) '(.*)' shape=\[([\d\s]*)\] dtype=(\w+)/;
const TIME_KEYS = { 'load input': 'loadInput', 'pre alloc': 'preAlloc', calculate: 'calculate', 'get output': 'getOutput', compare: 'compare' } as const;

export type BmrtLevel = 'INFO' | 'WARNING' | 'WRONG' | 'FATAL';

/** A runtime log line's level and text (`[BMRT][<func>:<n>] LEVEL:text`), whatever the function and line number. */
export function bmrtLogLine(line: string): { level: BmrtLevel; text: string } | undefined {
  const tagged = LEVEL.exec(line);
  return tagged ? { level: tagged[1] as BmrtLevel, text: tagged[2] } : undefined;
}

/** The run in `output`, the whole text or its lines (a log reader that has split them already). */
export function parseBmrtTestOutput(output: string | readonly string[]): BmrtTestRun {
  const run: BmrtTestRun = { launches: [], compares: [], mismatches: [], failedOutputs: [], seconds: {}, fatal: [], outputs: [] };
  let comparing: number | undefined;
  let stage = 0;
  for (const line of typeof output === 'string' ? output.split(/\r?\n/) : output) {
    // The net-info block is untagged; only its first stage is kept (the outputs are the same names).
    if (/^\s*---- stage \d+ ----/.test(line)) stage++;
    const netOutput = NET_OUTPUT.exec(line);
    if (netOutput && stage <= 1 && Number(netOutput[1]) === run.outputs.length) {
      run.outputs.push({ name: netOutput[2], shape: netOutput[3].trim().split(/\s+/).filter(Boolean).map(Number), dtype: netOutput[4] });
      continue;
    }
    const tagged = bmrtLogLine(line);
    if (!tagged) continue;
    const { level, text } = tagged;
    const launch = LAUNCH.exec(text);
    if (launch) {
      run.launches.push({ net: launch[1], stage: Number(launch[2]), totalMicros: Number(launch[3]), npuMicros: Number(launch[4]), cpuMicros: Number(launch[5]) });
      continue;
    }
    const verdict = VERDICT.exec(text);
    if (verdict) {
      run.compares.push({ net: verdict[1], stage: Number(verdict[2]), passed: verdict[3] === 'success' });
      continue;
    }
    const progress = COMPARING.exec(text);
    if (progress) {
      comparing = Number(progress[1] ?? progress[2]);
      continue;
    }
    if (level === 'WRONG') {
      const failed = OUTPUT_FAILED.exec(text);
      if (failed) {
        run.failedOutputs.push(Number(failed[1]));
        continue;
      }
      const mismatch = MISMATCH.exec(text);
      if (mismatch) {
        const kind = (mismatch[2] ?? mismatch[3]) as BmrtMismatch['kind'];
        run.mismatches.push({ ...(comparing !== undefined ? { output: comparing } : {}), label: mismatch[1], kind, index: Number(mismatch[4]), expected: mismatch[5], got: mismatch[6] });
      }
      continue;
    }
    const time = TIME.exec(text);
    if (time) {
      run.seconds[TIME_KEYS[time[1] as keyof typeof TIME_KEYS]] = Number(time[2]);
      continue;
    }
    if (level === 'FATAL') run.fatal.push(text.trim());
  }
  return run;
}
