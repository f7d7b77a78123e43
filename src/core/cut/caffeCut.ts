// Writes a Caffe sub-model into a (temporary) result folder: dump.prototxt from the plan, and
// dump.caffemodel with the kept layer records copied byte for byte, streamed in chunks from the
// original caffemodel, so the weights never sit in memory whatever their size.

import * as path from 'node:path';
import { writeFileAtomic } from '../io/atomicWrite';
import { writeCaffemodel } from '../formats/caffe/caffemodelWriter';
import { writePrototxt } from '../formats/caffe/prototxtWriter';
import { NetParameterType } from '../formats/caffe/schema';
import type { CaffemodelSource, CaffeTextSource } from '../formats/formatSource';
import type { Graph } from '../graph/graph';
import type { RangeSelection } from '../graph/rangeSelection';
import { t } from '../l10n';
import { planCaffeCut } from './caffeCutNet';
import type { CutFiles } from './cutResult';

export const CAFFE_PROTOTXT = 'dump.prototxt';
export const CAFFE_WEIGHTS = 'dump.caffemodel';

export async function writeCaffeCut(folder: string, graph: Graph, source: CaffeTextSource | CaffemodelSource, selection: RangeSelection, netName: string, signal?: AbortSignal): Promise<CutFiles> {
  const plan = planCaffeCut(graph, source, selection, netName);
  const files = [CAFFE_PROTOTXT];
  await writeFileAtomic(path.join(folder, CAFFE_PROTOTXT), writePrototxt(plan.net, NetParameterType));
  const warnings = [...plan.warnings];
  if (!plan.weights) {
    warnings.push(t('the model has no weights: the sub-model is written without them'));
  } else if (plan.weights.keep.size === 0) {
    warnings.push(t('none of the selected layers has weights: no {0} is written', CAFFE_WEIGHTS));
  } else {
    const keep = plan.weights.keep;
    await writeCaffemodel(plan.weights.index, path.join(folder, CAFFE_WEIGHTS), { keepLayer: (layer) => keep.has(layer), netFields: false, signal });
    files.push(CAFFE_WEIGHTS);
  }
  return { files, inputs: plan.inputs, outputs: plan.outputs, added: plan.added, exported: plan.exported, warnings };
}
