// The models the webview tests show: real files from the model corpus, read by the real
// openModel() and modelInfo(), exactly as the extension host does before posting ModelLoaded.
import * as path from 'node:path';
import { modelInfo } from '../../src/core/modelInfo';
import { openModel } from '../../src/core/openModel';
import type { ModelView } from '../../src/protocol/messages';
import { corpus, inRepoModel } from '../support/corpus';

export const lenetPrototxt = inRepoModel('caffe', 'lenet_bvlc', 'lenet.prototxt');
/** Only the full corpus holds it: read it in a test registered with ifFullCorpus. */
export const ppocrPdmodel = () => corpus.path('paddle', 'ppocrv3_det', 'model.pdmodel');

export async function modelView(file: string): Promise<ModelView> {
  const opened = await openModel(file);
  // The graph crosses postMessage as JSON, so the test sends it through JSON too.
  return JSON.parse(JSON.stringify({ file, fileName: path.basename(file), info: modelInfo(opened), graph: opened.graph })) as ModelView;
}
