// One side of a comparison listed as tensors with a matching key, before any values are read:
// a folder of dump files (golden `{op}.{index}.{timestamp}.npy`, NPU `{type}.{op}.{task}.{ts}`,
// found where cut/dumpFolder.ts finds them, even five levels down an acl.json dump_path), or one
// file (an .npz, an .npy, one NPU dump, a raw .bin/.dat split by the model's tensors). The key
// is `{op as dump files spell it}:{output index}`, so both sides meet whatever they came from.

import * as path from 'node:path';
import { dumpOpName, parseDumpFileName } from '../cut/dumpFileNames';
import { findDumpFolder } from '../cut/dumpFolder';
import { ModelFormatError, wholeFile } from '../errors';
import type { FileAccess } from '../io/fileAccess';
import { t } from '../l10n';
import { npuDumpOutputs } from './npuDumpTensors';
import { npyTensor } from './npyTensors';
import type { RawTensorSpec } from './rawTensors';
import { tensorReaderFor, type NamedTensor } from './tensorReaders';
import type { TensorSource } from './tensorSource';

export interface SideTensor {
  key: string;
  /** The op or layer name as dump files spell it (`/` and `.` as `_`): what keys are made of. */
  op: string;
  /** The name as the file gives it (an .npz array's own name), for showing. */
  name: string;
  index: number;
  file: string;
  /** How rows and the unmatched list name it: `op:output:k` for an NPU op, the file (and array) name else. */
  label: string;
  /** Run order without a model: the dump's timestamp, else the listing order. */
  time: number;
  /** The NPU op's type, from its dump file name. */
  opType?: string;
  /** Its values; `channels` is the real channel count for an NC1HWC0 dump. A string says why not. */
  open(channels?: number): Promise<TensorSource | string>;
}

export interface Side {
  tensors: SideTensor[];
  warnings: string[];
}

export async function listSide(fs: FileAccess, where: string, rawSpecs?: readonly RawTensorSpec[]): Promise<Side> {
  const stat = await fs.stat(where);
  if (stat.kind === 'directory') return listFolder(fs, where);
  return { tensors: await listFile(fs, where, rawSpecs, 0), warnings: [] };
}

async function listFolder(fs: FileAccess, dir: string): Promise<Side> {
  const found = await findDumpFolder(fs, dir);
  const tensors: SideTensor[] = [];
  for (const name of [...found.files].sort()) {
    const file = path.join(found.dir, name);
    const parsed = parseDumpFileName(name);
    if (parsed?.kind === 'golden') {
      const index = parsed.output ?? 0;
      tensors.push({ key: `${parsed.op}:${index}`, op: parsed.op, name: parsed.op, index, file, label: name, time: timestampOf(name) ?? tensors.length, open: () => npyTensor(fs, file) });
    } else if (parsed?.kind === 'npu') {
      const dump = await npuDumpOutputs(fs, file);
      const time = timestampOf(name) ?? tensors.length;
      const opType = name.slice(0, name.indexOf('.'));
      dump.outputs.forEach((_, index) => {
        const open = async (channels?: number) => (await npuDumpOutputs(fs, file, () => channels)).outputs[index];
        tensors.push({ key: `${parsed.op}:${index}`, op: parsed.op, name: parsed.op, index, file, label: `${parsed.op}:output:${index}`, time, opType, open });
      });
    } else if (/\.(npy|npz)$/i.test(name)) {
      // Plain numpy files (`conv1.npy`, a TPU-MLIR .npz) in the folder: named by their arrays.
      tensors.push(...(await listFile(fs, file, undefined, tensors.length)));
    }
  }
  return { tensors, warnings: found.warnings };
}

async function listFile(fs: FileAccess, file: string, rawSpecs: readonly RawTensorSpec[] | undefined, start: number): Promise<SideTensor[]> {
  const name = path.basename(file);
  const parsed = parseDumpFileName(name);
  const reader = await tensorReaderFor(fs, file);
  if (!reader) throw new ModelFormatError(file, wholeFile, t('not an NPU dump file, .npy, .npz or raw tensor file (.bin, .dat)'));
  const named = await reader.read(fs, file, { rawSpecs });
  return named.map((n: NamedTensor, i) => {
    // An NPU dump's outputs and a golden .npy keep their index; an .npz array or a raw tensor is output 0 of its name.
    const op = reader.id === 'npu-dump' ? n.name : reader.id === 'npy' && parsed?.kind === 'golden' ? parsed.op : dumpOpName(n.name);
    const index = reader.id === 'npu-dump' ? n.index : reader.id === 'npy' && parsed?.kind === 'golden' ? (parsed.output ?? 0) : 0;
    const label = reader.id === 'npu-dump' ? `${op}:output:${index}` : reader.id === 'npy' ? name : `${name}:${n.name}`;
    const open =
      reader.id === 'npu-dump' ? async (channels?: number) => (await npuDumpOutputs(fs, file, () => channels)).outputs[n.index] : async () => n.tensor;
    const shown = reader.id === 'npz' || reader.id === 'raw' ? n.name : op;
    return { key: `${op}:${index}`, op, name: shown, index, file, label, time: timestampOf(name) ?? start + i, open };
  });
}

/** The microsecond timestamp in a dump file name (its field of 10 digits or more). */
function timestampOf(name: string): number | undefined {
  const field = name.split('.').find((f) => /^[0-9]{10,}$/.test(f));
  return field === undefined ? undefined : Number(field);
}
