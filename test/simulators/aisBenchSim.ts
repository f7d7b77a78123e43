// ais_bench (`python3 -m ais_bench`, toolchains.md §10): runs an om with its [INFO] log lines, the
// tqdm bar on stderr, the Performance Summary block, `{output}/{YYYY_MM_DD-HH_MM_SS}/
// pure_infer_data_0.bin` and `{output}/{ts}_summary.json`. With `--dump 1` the ops' dump files of
// a simulated om go under `{output}/dump/{YYYYmmddHHMMSS}/{device}/{model}/1/0/`: the fact sheet
// does not say where ais_bench puts them, so this follows the acl dump layout of §7.4 [inf].
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { float32Data } from './bmodelFile';
import { stamp } from './msaccucmpSim';
import { writeOmDump } from './omDump';
import { readOm } from './omFile';
import { parseToolOptions } from './simOptions';
import { work } from './simRuntime';

const TRUE = /^(1|yes|true|t|y)$/i;

export async function runAisBench(args: string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const { values } = parseToolOptions(args.map((a) => (a === '-m' ? '--model' : a === '-o' ? '--output' : a)), new Set());
  const model = values.get('model');
  if (!model) {
    process.stderr.write('usage: ais_bench [-h] --model MODEL ...\nais_bench: error: the following arguments are required: --model/-m\n');
    return 2;
  }
  const device = values.get('device') ?? '0';
  out('[INFO] acl init success');
  out(`[INFO] open device ${device} success`);
  if (!existsSync(model)) {
    out(`[ERROR] load model ${model} failed`);
    return 1;
  }
  out(`[INFO] load model ${model} success`);
  out('[INFO] create model description success');
  out('[INFO] try get model batchsize:1');
  out('[INFO] warm up 1 done');
  await work(out);
  process.stderr.write('Inference array Processing: 100%|██████████| 1/1 [00:00<00:00, 212.31it/s]\n');
  const output = values.get('output');
  if (output) {
    const d = new Date();
    const p = (n: number) => String(n).padStart(2, '0');
    const ts = `${d.getFullYear()}_${p(d.getMonth() + 1)}_${p(d.getDate())}-${p(d.getHours())}_${p(d.getMinutes())}_${p(d.getSeconds())}`;
    mkdirSync(path.join(output, ts), { recursive: true });
    writeFileSync(path.join(output, ts, 'pure_infer_data_0.bin'), float32Data(10, 100));
    writeFileSync(path.join(output, `${ts}_summary.json`), JSON.stringify({ NPU_compute_time: { min: 4.5, max: 4.5, mean: 4.5, median: 4.5, percentile: 4.5 }, throughput: 222.22 }));
    const description = TRUE.test(values.get('dump') ?? '0') ? readOm(readFileSync(model)) : undefined;
    if (description) writeOmDump(description, path.join(output, 'dump', stamp(), device, description.name, '1', '0'));
  }
  out('[INFO] -----------------Performance Summary------------------');
  out('[INFO] NPU_compute_time (ms): min = 4.5, max = 4.5, mean = 4.5, median = 4.5, percentile(99%) = 4.5');
  out('[INFO] throughput 1000*batchsize.mean(1)/NPU_compute_time.mean(4.5): 222.22');
  out('[INFO] ------------------------------------------------------');
  out('[INFO] unload model success, model Id is 1');
  out('[INFO] end to destroy context');
  out(`[INFO] end to reset device is ${device}`);
  out('[INFO] end to finalize acl');
  return 0;
}
