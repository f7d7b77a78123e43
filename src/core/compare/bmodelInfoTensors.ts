// What `bm_model.bin --info` (or `tpu_model --info`, `model_tool --info`) printed about a bmodel,
// as the shapes and dtypes that split its raw files: bmrt_test's input_ref_data.dat and
// output_ref_data.dat and the BMRT_SAVE_IO_TENSORS files hold a net's inputs or outputs back to
// back, in the order the info lists them. Users have that text when they have no original model
// at hand (the bmodel came from someone else); the log reader (src/core/logs) already reads it.
import { ModelFormatError, wholeFile } from '../errors';
import type { FileAccess } from '../io/fileAccess';
import { t } from '../l10n';
import { parseLog } from '../logs/parseLog';
import type { LogTensor } from '../logs/logReport';
import type { RawTensorSpec } from './rawTensors';
import { descrOf } from './rawTensors';
import { npyItemSize } from '../cut/npy';

/** One net of the bmodel: its inputs and outputs as raw files hold them. */
export interface InfoNet {
  name: string;
  inputs: RawTensorSpec[];
  outputs: RawTensorSpec[];
}

/** An info capture is text of a few kilobytes; a bigger file is something else. */
const MAX_INFO_BYTES = 16 * 1024 * 1024;

/** The nets an info capture lists, first stage of each (a dynamic net's `max:N` dims taken at their maximum). */
export async function readBmodelInfoNets(fs: FileAccess, file: string): Promise<InfoNet[]> {
  const report = parseLog(await fs.readText(file, MAX_INFO_BYTES), 'bmodel-info');
  const nets = report.model?.nets ?? [];
  if (nets.length === 0) throw new ModelFormatError(file, wholeFile, t('no net found: give the text bm_model.bin --info (or tpu_model --info) printed for the bmodel'));
  const spec = (tensor: LogTensor): RawTensorSpec => ({ name: tensor.name, shape: tensor.shape ?? [], dtype: tensor.dtype ?? 'float32' });
  return nets.map((net) => ({ name: net.name, inputs: net.inputs.map(spec), outputs: net.outputs.map(spec) }));
}

/** Bytes the tensors take back to back, or undefined when a dtype is not one raw files hold. */
function byteCount(specs: readonly RawTensorSpec[]): number | undefined {
  let total = 0;
  for (const s of specs) {
    const descr = descrOf(s.dtype);
    if (!descr) return undefined;
    total += s.shape.reduce((a, b) => a * b, 1) * npyItemSize(descr);
  }
  return total;
}

/**
 * How a raw file splits by the info: its inputs when its name says input, else its outputs, of the
 * net whose tensors fill exactly `size` bytes (a bmodel may hold several nets), else of the first.
 */
export function infoSpecsFor(nets: readonly InfoNet[], fileName: string, size: number | undefined): RawTensorSpec[] {
  const side = (net: InfoNet) => (/input/i.test(fileName) ? net.inputs : net.outputs);
  return side(nets.find((net) => size !== undefined && byteCount(side(net)) === size) ?? nets[0]);
}
