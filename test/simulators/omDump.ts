// What the device dumps while it runs a simulated om (msame --dump, msit's NPU run): one dump file
// per op, `{op_type}.{op_name}.{task_id}.{timestamp}`, holding the op's output as float16 NCHW
// with the numbers simValues gives for the original layer the op's output is.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { float32ToFloat16Bits } from '../../src/core/cut/npy';
import { DT_FLOAT16, FORMAT_NCHW, npuDump as npuDumpBytes } from '../support/npuDumpFiles';
import type { OmDescription } from './omFile';
import { elementCount, simValues } from './simTensors';

/** The values the device computes for `layer` (NPU_SIM_PERTURB=<layer> makes that one wrong). */
export function deviceValues(layer: string, count: number): Float32Array {
  const values = simValues(layer, count);
  if (process.env.NPU_SIM_PERTURB === layer) for (let i = 0; i < count; i += 2) values[i] = -values[i];
  return values;
}

/** Writes the dump files into `dir` (created); returns their names. */
export function writeOmDump(description: OmDescription, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  description.ops.forEach((op, i) => {
    const values = deviceValues(op.originals[op.originals.length - 1], elementCount(op.shape));
    const half = float32ToFloat16Bits(values);
    const name = `${op.type}.${op.name.replace(/[./]/g, '_')}.${100 + i}.${1682067845380164 + i * 17}`;
    writeFileSync(path.join(dir, name), npuDumpBytes(op.name, [], [{ dataType: DT_FLOAT16, format: FORMAT_NCHW, shape: op.shape, data: Buffer.from(half.buffer, half.byteOffset, half.byteLength) }]));
    names.push(name);
  });
  return names;
}
