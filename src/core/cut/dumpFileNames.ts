// The names dump files carry (../shared/toolchains.md §7.4), read back to the operator they
// belong to: golden data from the original framework, `{op_name}.{output_index}.{timestamp}.npy`
// (an `input_` prefix for an ONNX net's inputs), and NPU dump files,
// `{op_type}.{op_name}.{task_id}[.{stream_id}].{timestamp}`. In both, `/` and `.` of a layer
// name become `_`, so that is how a layer's name is matched.

export interface DumpFileName {
  file: string;
  kind: 'golden' | 'npu';
  /** The operator's name as the file spells it (`/` and `.` already `_`). */
  op: string;
  /** The output index (golden files); the NPU binary holds all of an operator's tensors. */
  output?: number;
}

const GOLDEN = /^(?:input_)?([A-Za-z0-9_-][.A-Za-z0-9_-]*?)\.([0-9]+)\.[0-9]{1,255}\.npy$/;
const NPU = /^[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[0-9]+(?:\.[0-9]+)?\.[0-9]{1,255}(?:\.[0-9]+\.[0-9]+\.[0-9]+)?(?:\.[0-9]+)?$/;

/** A layer or op name as dump files spell it. */
export function dumpOpName(name: string): string {
  return name.replace(/[/.]/g, '_');
}

export function parseDumpFileName(file: string): DumpFileName | undefined {
  const golden = GOLDEN.exec(file);
  if (golden) return { file, kind: 'golden', op: dumpOpName(golden[1]), output: Number(golden[2]) };
  const npu = NPU.exec(file);
  if (npu) return { file, kind: 'npu', op: npu[1] };
  return undefined;
}

/** The dump files of a folder by operator name. */
export function dumpFilesByOp(files: readonly string[]): Map<string, DumpFileName[]> {
  const byOp = new Map<string, DumpFileName[]>();
  for (const file of [...files].sort()) {
    const parsed = parseDumpFileName(file);
    if (!parsed) continue;
    const list = byOp.get(parsed.op);
    if (list) list.push(parsed);
    else byOp.set(parsed.op, [parsed]);
  }
  return byOp;
}
