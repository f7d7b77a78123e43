// Child process of `npm run bench` (issue 18 §3): `parseLog` (tool detection and the tool's
// parser) on three synthetic 48 MB captures, a bmrt_test loop run, a TPU-MLIR compare of every
// tensor with -vv detail, and an ATC build with a warning per operator, against splitting the
// same text into lines (the least any line reader does). Prints one JSON line per log: size, the
// medians of both, and the peak RSS of this process.
import { performance } from 'node:perf_hooks';
import { parseLog } from '../../src/core/logs/parseLog';

const TARGET = 48 * 1024 * 1024;
const RUNS = 5;

function repeat(head: string[], block: (i: number) => string[], tail: string[]): string {
  const parts = [...head];
  let size = head.join('\n').length;
  for (let i = 0; size < TARGET; i++) {
    const lines = block(i);
    parts.push(...lines);
    size += lines.reduce((n, l) => n + l.length + 1, 0);
  }
  return `${[...parts, ...tail].join('\n')}\n`;
}

const bmrt = (f: string, n: number, level: string, text: string) => `[BMRT][${f}:${n}] ${level}:${text}`;
const LOGS: Record<string, () => string> = {
  'bmrt_test loop run': () =>
    repeat(
      [bmrt('deal_with_options', 1446, 'INFO', 'Loop num: 100000'), bmrt('load_bmodel', 1084, 'INFO', 'Loading bmodel from [ctx/compilation.bmodel]. Thanks for your patience...')],
      (i) => [
        bmrt('bmrt_test', 1040, 'INFO', `==> running network #0, name: yolo, loop: ${i}`),
        bmrt('bmrt_test', 1166, 'INFO', `net[yolo] stage[0], launch total time is ${18000 + (i % 997)} us (npu ${17500 + (i % 991)} us, cpu ${500 + (i % 7)} us)`),
        bmrt('bmrt_test', 1180, 'INFO', '+++ The network[yolo] stage[0] output_data +++'),
        bmrt('print_array', 87, 'INFO', 'output data #0 shape: [1 25200 85 ] < 1.25 2.5 3.75 5 6.25 7.5 8.75 10 11.25 12.5 13.75 15 16.25 17.5 18.75 20 ... > len=2142000'),
        bmrt('bmrt_test', 1193, 'INFO', '==>comparing output in mem #0 ... '),
        bmrt('bmrt_test', 1211, 'INFO', '+++ The network[yolo] stage[0] cmp success +++'),
      ],
      [bmrt('bmrt_test', 1240, 'INFO', 'load input time(s): 0.000812'), bmrt('bmrt_test', 1242, 'INFO', 'calculate  time(s): 0.018801')],
    ),
  'TPU-MLIR compare, every tensor -vv': () =>
    repeat(
      ['2026/03/04 08:50:20 - INFO : TPU-MLIR v1.27-20260206', '[Running]: npz_tool.py compare a_tpu_outputs.npz a_ref_outputs.npz --tolerance 0.99,0.90 -vv'],
      (i) => [`[/model.${i}/conv/Conv_output_0_Conv      ]      SIMILAR [PASSED]`, '    (1, 64, 80, 80) float32', '    cosine_similarity      = 0.999998', '    euclidean_similarity   = 0.998751', '    sqnr_similarity        = 58.062191'],
      ['npz compare PASSED.', '[Success]: npz_tool.py compare a_tpu_outputs.npz a_ref_outputs.npz --tolerance 0.99,0.90 -vv'],
    ),
  'ATC build, a warning per operator': () =>
    repeat(
      ['ATC start working now, please wait for a moment.', '..........', 'ATC run success, welcome to the next use.'],
      (i) => [`W11001: Op [Slice_${i}] does not hit the high-priority operator information library, which might result in compromised performance.`],
      [],
    ),
};

const median = (t: number[]) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)];

for (const [label, make] of Object.entries(LOGS)) {
  const text = make();
  const split: number[] = [];
  const parse: number[] = [];
  let verdict = '';
  for (let run = 0; run < RUNS + 1; run++) {
    let start = performance.now();
    text.split(/\r\n|\r|\n/);
    const s = performance.now() - start;
    start = performance.now();
    verdict = parseLog(text).verdict;
    const p = performance.now() - start;
    // The first round warms up.
    if (run > 0) {
      split.push(s);
      parse.push(p);
    }
  }
  process.stdout.write(`${JSON.stringify({ label, bytes: text.length, verdict, splitMs: median(split), parseMs: median(parse), peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
}
