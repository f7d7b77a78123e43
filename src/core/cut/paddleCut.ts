// Writes a Paddle sub-model into a (temporary) result folder: dump.pdmodel from the plan and
// dump.pdiparams with the persistable tensors it uses, in Paddle's sorted-name order, each record
// copied byte for byte from the original weights (combined file or one file per var alike) and
// streamed, never loaded whole.

import * as path from 'node:path';
import { writeCombinedParams } from '../formats/paddle/paramsWriter';
import { writeProgram } from '../formats/paddle/programWriter';
import type { PaddleWeightEntry } from '../formats/paddle/weightStore';
import type { PaddleProgramSource } from '../formats/formatSource';
import type { Graph } from '../graph/graph';
import type { RangeSelection } from '../graph/rangeSelection';
import { t } from '../l10n';
import type { CutFiles } from './cutResult';
import { planPaddleCut } from './paddleCutProgram';

export const PADDLE_PROGRAM = 'dump.pdmodel';
export const PADDLE_WEIGHTS = 'dump.pdiparams';

export async function writePaddleCut(folder: string, graph: Graph, source: PaddleProgramSource, selection: RangeSelection, signal?: AbortSignal): Promise<CutFiles> {
  const plan = planPaddleCut(graph, source.program, selection);
  const files = [PADDLE_PROGRAM];
  await writeProgram(path.join(folder, PADDLE_PROGRAM), plan.program);
  const warnings: string[] = [];
  const store = source.params?.store;
  if (!store) {
    warnings.push(t('the model has no weights: the sub-model is written without them'));
  } else if (plan.savedVars.length > 0) {
    const entries: PaddleWeightEntry[] = [];
    const missing: string[] = [];
    for (const name of plan.savedVars) {
      const entry = store.get(name);
      if (entry) entries.push(entry);
      else missing.push(name);
    }
    if (missing.length > 0) warnings.push(t('the weights hold no tensor for {0}: {1} is written without it', missing.join(', '), PADDLE_WEIGHTS));
    if (entries.length > 0) {
      await writeCombinedParams(path.join(folder, PADDLE_WEIGHTS), entries, store.fs, signal);
      files.push(PADDLE_WEIGHTS);
    }
  } else {
    warnings.push(t('none of the selected layers has weights: no {0} is written', PADDLE_WEIGHTS));
  }
  return { files, inputs: plan.inputs, outputs: plan.outputs, added: plan.added, exported: plan.exported, warnings };
}
