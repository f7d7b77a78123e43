// `npu-deploy info MODEL [--weights FILE] [--json]`: the model's figures as one JSON object (the
// contract in the foundation issue) or as a readable summary.

import { modelSummary, type ModelSummary } from '../core/modelInfo';
import { openModel } from '../core/openModel';
import type { TensorSummary } from '../core/model';
import { writeJsonInfo } from './streamedInfoJson';
import { parseCommandArgs } from './usage';

export async function runInfo(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { weights: { type: 'string' }, json: { type: 'boolean' } },
    { min: 1, max: 1 },
  );
  // A ModelFormatError (bad input, exit 1) and anything else (exit 70) are main's to report.
  const model = await openModel(positionals[0], { weights: values.weights });
  if (!values.json) {
    process.stdout.write(readableInfo(modelSummary(model)));
    return 0;
  }
  await writeJsonInfo(model, write);
  return 0;
}

/** Hands one piece of text to stdout and waits until it is taken (so the pieces never pile up). */
function write(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (e) => (e ? reject(e) : resolve()));
  });
}

function tensorLine(t: TensorSummary): string {
  const shape = t.shape ? `[${t.shape.join(', ')}]` : 'unknown';
  return `  ${t.name}  ${shape}  ${t.dtype ?? 'unknown'}`;
}

export function readableInfo(info: ModelSummary): string {
  const lines = [
    `${info.name}  (${info.framework}, ${info.format})`,
    `inputs:`,
    ...info.inputs.map(tensorLine),
    `outputs:`,
    ...info.outputs.map(tensorLine),
    `nodes: ${info.nodeCount}`,
    ...Object.entries(info.opTypes)
      // Code-point order for ties: the same output in every locale (and localeCompare's first
      // call costs the start-up of ICU's collator).
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([type, count]) => `  ${String(count).padStart(5)}  ${type}`),
    `params: ${info.params.length}`,
  ];
  if (info.variables) lines.push('variables:', ...info.variables.map(tensorLine));
  if (info.warnings.length > 0) lines.push('warnings:', ...info.warnings.map((w) => `  ${w}`));
  return `${lines.join('\n')}\n`;
}
