// msame, the .om inference runner (toolchains.md §9): everything on stdout with [INFO]/[ERROR]
// prefixes, its odd exit codes (0 after most argument errors, 1 for a few), the timestamped
// output folder printed as `{output}/{ts}`, and `{model}_output_{i}.bin|.txt` files; with
// `--dump true` the dump files of every op of a simulated om (omFile.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { stamp as dumpStamp } from './msaccucmpSim';
import { writeOmDump } from './omDump';
import { readOm } from './omFile';
import * as path from 'node:path';
import { float32Data } from './bmodelFile';
import { parseToolOptions } from './simOptions';
import { simFailure, work } from './simRuntime';

const KNOWN = new Set(['model', 'input', 'output', 'outfmt', 'loop', 'debug', 'profiler', 'dump', 'device', 'dymBatch', 'dymHW', 'dymDims', 'dymShape', 'outputSize', 'help']);

export async function runMsame(args: string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const help = () => out('msame --model <om> [--input <files>] [--output <dir>] [--outfmt TXT|BIN] [--loop 1-100] [--device 0-255]');
  if (args.length === 0) {
    out('[ERROR] Invalid params');
    out('[ERROR] Execute sample failed');
    help();
    return 1;
  }
  const { values } = parseToolOptions(args, new Set(['help']));
  if ([...values.keys()].some((k) => !KNOWN.has(k))) {
    out('[ERROR] unknown paramenter');
    out('[ERROR] Execute sample failed');
    help();
    return 0;
  }
  const model = values.get('model') ?? '';
  if (!model.includes('.om')) {
    out('[ERROR] input model file type is not .om , please check your model type!');
    return 0;
  }
  const loop = Number(values.get('loop') ?? '1');
  if (!(loop >= 1 && loop <= 100)) {
    out('[ERROR] loop must in 1 to 100');
    out('');
    return 0;
  }
  const device = Number(values.get('device') ?? '0');
  if (!(device >= 0 && device <= 255)) {
    out('[ERROR] device id must in 0 to 255');
    return 0;
  }
  if (values.get('dump') === 'true' && values.get('profiler') === 'true') {
    out('[ERROR] dump and profiler can not both be true');
    return 1;
  }
  out('[INFO] acl init success');
  out(`[INFO] open device ${device} success`);
  out('[INFO] create context success');
  out('[INFO] create stream success');
  out('[INFO] get run mode success');
  if (!existsSync(model) || simFailure() === 'load') {
    out('[ERROR] Sample init resource failed');
    return 1;
  }
  out(`[INFO] load model ${model} success`);
  out('[INFO] create model description success');
  out('[INFO] get input dynamic gear count success');
  out('[INFO] create model output success');
  const output = values.get('output');
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
  const folder = output !== undefined ? `${output}/${stamp}` : undefined;
  if (folder) {
    mkdirSync(folder, { recursive: true });
    out(folder);
  }
  await work(out);
  // --dump true: every op's output, under `{output}/dump/{YYYYmmddHHMMSS}/{device}/{model}/1/0/` (§7.4).
  const description = values.get('dump') === 'true' && output !== undefined ? readOm(readFileSync(model)) : undefined;
  if (description) writeOmDump(description, path.join(output!, 'dump', dumpStamp(), String(device), description.name, '1', '0'));
  const times: number[] = [];
  for (let i = 0; i < loop; i++) {
    out('[INFO] model execute success');
    const ms = 4.5 + (i === 0 ? 3 : 0);
    times.push(ms);
    out(`Inference time: ${ms.toFixed(3)}ms`);
  }
  out('[INFO] get max dynamic batch size success');
  out('[INFO] output data success');
  if (folder) {
    const txt = values.get('outfmt') === 'TXT';
    const base = path.basename(model).replace(/\.om$/, '');
    const data = float32Data(10, 100);
    writeFileSync(path.join(folder, `${base}_output_0.${txt ? 'txt' : 'bin'}`), txt ? `${Array.from({ length: 10 }, (_, i) => data.readFloatLE(i * 4)).join(' ')}\n` : data);
  }
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const rest = times.length > 1 ? times.slice(1).reduce((a, b) => a + b, 0) / (times.length - 1) : mean;
  out(`Inference average time: ${mean.toFixed(6)} ms`);
  out(`Inference average time without first time: ${rest.toFixed(6)} ms`);
  out('[INFO] destroy model input success.');
  out('[INFO] unload model success, model Id is 1');
  out(`[INFO] pid: ${process.pid} Execute sample success`);
  out('[INFO] end to destroy stream');
  out('[INFO] end to destroy context');
  out(`[INFO] end to reset device is ${device}`);
  out('[INFO] end to finalize acl');
  return 0;
}
