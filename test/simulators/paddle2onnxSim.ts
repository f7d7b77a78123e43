// paddle2onnx's stand-in: the options of its command line (--model_dir, --model_filename,
// --params_filename, --save_file, --opset_version), refusing what the real one refuses (a missing
// folder or file; a program file that is neither a ProgramDesc nor a PIR program), printing
// `[Paddle2ONNX]` lines as it does, and writing a small but well-formed ONNX ModelProto (ir_version,
// producer, opset import) so that the compiler after it has a real file to read.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseToolOptions } from './simOptions';
import { work } from './simRuntime';

const KNOWN = new Set(['model_dir', 'model_filename', 'params_filename', 'save_file', 'opset_version', 'enable_onnx_checker', 'enable_auto_update_opset', 'version']);

export async function runPaddle2onnx(args: string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`[Paddle2ONNX] ${line}\n`);
  const fail = (line: string) => {
    process.stderr.write(`[ERROR][Paddle2ONNX] ${line}\n`);
    return 1;
  };
  const { values, positionals } = parseToolOptions(args, new Set(['version']));
  if (positionals.length > 0) return fail(`unrecognized arguments: ${positionals.join(' ')}`);
  for (const key of values.keys()) if (!KNOWN.has(key)) return fail(`unrecognized arguments: --${key}`);
  const dir = values.get('model_dir');
  const save = values.get('save_file');
  if (!dir || !save) return fail('the following arguments are required: --model_dir, --save_file');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return fail(`The model directory ${dir} does not exist.`);
  const program = path.join(dir, values.get('model_filename') ?? 'model.pdmodel');
  if (!existsSync(program)) return fail(`The model file ${program} does not exist.`);
  const params = values.get('params_filename');
  if (params !== undefined && !existsSync(path.join(dir, params))) return fail(`The parameters file ${path.join(dir, params)} does not exist.`);
  const head = readFileSync(program).subarray(0, 64).toString('latin1').replace(/\s+/g, '');
  const pir = head.startsWith('{"base_code":');
  if (!pir && program.endsWith('.json')) return fail(`${program} is not a Paddle PIR program.`);
  const opset = Number(values.get('opset_version') ?? '9');
  if (!Number.isInteger(opset) || opset < 7 || opset > 19) return fail(`opset_version ${values.get('opset_version')} is not supported.`);
  out(`Start parsing the Paddle model file...`);
  out(`Model file path: ${program}`);
  if (params !== undefined) out(`Parameters file path: ${path.join(dir, params)}`);
  await work((line) => out(line));
  out(`Use opset_version = ${opset} for ONNX export.`);
  writeFileSync(save, onnxModelBytes(opset));
  out(`PaddlePaddle model is exported as ONNX format now.`);
  return 0;
}

/** ModelProto { ir_version: 7, producer_name: "paddle2onnx", opset_import: [{ domain: "", version }] }. */
function onnxModelBytes(opset: number): Buffer {
  const producer = Buffer.from('paddle2onnx');
  const opsetImport = Buffer.from([0x0a, 0x00, 0x10, opset]);
  return Buffer.concat([Buffer.from([0x08, 0x07, 0x12, producer.length]), producer, Buffer.from([0x42, opsetImport.length]), opsetImport]);
}
