// The models the webview tests show: real files from ../shared/models, read by the real
// openModel() and modelInfo(), exactly as the extension host does before posting ModelLoaded.
import * as path from 'node:path';
import { toCompactGraph, type CompactGraph } from '../../src/core/graph/compactGraph';
import { modelSummary } from '../../src/core/modelInfo';
import { openModel } from '../../src/core/openModel';
import type { ModelView } from '../../src/protocol/messages';
import { corpus, sharedModel } from '../support/corpus';

export const lenetPrototxt = sharedModel('caffe', 'lenet_bvlc', 'lenet.prototxt');
/** Only the full corpus holds it: read it in a test registered with ifFullCorpus. */
export const ppocrPdmodel = () => corpus.path('paddle', 'ppocrv3_det', 'model.pdmodel');

/** What the host posts in ModelLoaded: the summary (JSON) and the compact graph (typed arrays). */
export async function modelView(file: string): Promise<{ model: ModelView; graph: CompactGraph }> {
  const opened = await openModel(file);
  const model = JSON.parse(JSON.stringify({ file, fileName: path.basename(file), info: modelSummary(opened) })) as ModelView;
  return { model, graph: toCompactGraph(opened.graph) };
}
