// Writes a PIR sub-program into a (temporary) result folder: dump.json from the plan and
// dump.pdiparams with the parameters it reads, in the code-point order of their names (the order
// Paddle's loader walks them), each record copied byte for byte from the original weights and
// streamed, never loaded whole.

import * as path from 'node:path';
import { writeFileAtomic } from '../io/atomicWrite';
import { writeCombinedParams } from '../formats/paddle/paramsWriter';
import { compareCodePoints } from '../formats/paddle/pirParams';
import type { PaddleWeightEntry } from '../formats/paddle/weightStore';
import type { PaddlePirSource } from '../formats/formatSource';
import type { Graph } from '../graph/graph';
import type { RangeSelection } from '../graph/rangeSelection';
import { t } from '../l10n';
import type { CutFiles } from './cutResult';
import { planPirCut } from './pirCutProgram';

export const PIR_PROGRAM = 'dump.json';
export const PIR_WEIGHTS = 'dump.pdiparams';

export async function writePirCut(folder: string, graph: Graph, source: PaddlePirSource, selection: RangeSelection, signal?: AbortSignal): Promise<CutFiles> {
  const plan = planPirCut(graph, source.program, selection);
  const files = [PIR_PROGRAM];
  await writeFileAtomic(path.join(folder, PIR_PROGRAM), plan.builder.text());
  signal?.throwIfAborted();
  const warnings: string[] = [];
  const store = source.params?.store;
  if (plan.parameters.length === 0) {
    warnings.push(t('none of the selected layers has weights: no {0} is written', PIR_WEIGHTS));
  } else if (!store) {
    warnings.push(t('the model has no weights: the sub-model is written without them'));
  } else {
    const entries: PaddleWeightEntry[] = [];
    const missing: string[] = [];
    for (const name of plan.parameters) {
      const entry = store.get(name);
      if (entry) entries.push(entry);
      else missing.push(name);
    }
    if (missing.length > 0) warnings.push(t('the weights hold no tensor for {0}: {1} is written without it', missing.join(', '), PIR_WEIGHTS));
    if (entries.length > 0) {
      await writeCombinedParams(path.join(folder, PIR_WEIGHTS), entries, store.fs, signal, compareCodePoints);
      files.push(PIR_WEIGHTS);
    }
  }
  return { files, inputs: plan.inputs, outputs: plan.outputs, added: plan.added, exported: plan.exported, warnings };
}
