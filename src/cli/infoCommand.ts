// `npu-deploy info MODEL [--weights FILE] [--json]`: the model's figures as one JSON object (the
// contract in the foundation issue) or as a readable summary.

import { ModelFormatError } from '../core/errors';
import { modelInfo, type ModelInfo } from '../core/modelInfo';
import { openModel } from '../core/openModel';
import type { TensorSummary } from '../core/model';
import { parseCommandArgs } from './usage';

export async function runInfo(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { weights: { type: 'string' }, json: { type: 'boolean' } },
    { min: 1, max: 1 },
  );
  let info: ModelInfo;
  try {
    info = modelInfo(await openModel(positionals[0], { weights: values.weights }));
  } catch (e) {
    if (e instanceof ModelFormatError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  process.stdout.write(values.json ? `${JSON.stringify(info, null, 2)}\n` : readableInfo(info));
  return 0;
}

function tensorLine(t: TensorSummary): string {
  const shape = t.shape ? `[${t.shape.join(', ')}]` : 'unknown';
  return `  ${t.name}  ${shape}  ${t.dtype ?? 'unknown'}`;
}

export function readableInfo(info: ModelInfo): string {
  const lines = [
    `${info.name}  (${info.framework}, ${info.format})`,
    `inputs:`,
    ...info.inputs.map(tensorLine),
    `outputs:`,
    ...info.outputs.map(tensorLine),
    `nodes: ${info.nodeCount}`,
    ...Object.entries(info.opTypes)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([type, count]) => `  ${String(count).padStart(5)}  ${type}`),
    `params: ${info.params.length}`,
  ];
  if (info.warnings.length > 0) lines.push('warnings:', ...info.warnings.map((w) => `  ${w}`));
  return `${lines.join('\n')}\n`;
}
