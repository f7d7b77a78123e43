// The models the webview tests show: real files from ../shared/models, read by the real
// openModel() and modelInfo(), exactly as the extension host does before posting ModelLoaded.
import * as path from 'node:path';
import { modelInfo } from '../../src/core/modelInfo';
import { openModel } from '../../src/core/openModel';
import type { ModelView } from '../../src/protocol/messages';
import { sharedModel } from '../support/paths';

export const lenetPrototxt = sharedModel('caffe', 'lenet_mnist_deploy', 'mnist_deploy.prototxt');
export const ppocrPdmodel = sharedModel('paddle', 'ppocrv3_det', 'model.pdmodel');

export async function modelView(file: string): Promise<ModelView> {
  const opened = await openModel(file);
  // The graph crosses postMessage as JSON, so the test sends it through JSON too.
  return JSON.parse(JSON.stringify({ file, fileName: path.basename(file), info: modelInfo(opened), graph: opened.graph })) as ModelView;
}
