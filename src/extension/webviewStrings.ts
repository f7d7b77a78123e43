// The viewer's strings, localised on the host and sent to the webview in the Init message.
// `t` is vscode.l10n.t in the extension; tests pass their own (English, or the zh-cn bundle),
// which is why this file does not import vscode.
import type { WebviewStrings } from '../protocol/strings';

export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

export function webviewStrings(t: Translate): WebviewStrings {
  return {
    loading: t('Loading model…'),
    layers: t('Layers'),
    details: t('Details'),
    selectNode: t('Select a node in the graph or the table to see its attributes, tensors and weights.'),
    weights: t('Weights'),
    attributes: t('Attributes'),
    readingFile: t('Reading {0}…'),
    cannotOpen: t('Cannot open this model'),
    reload: t('Reload'),
    framework: t('Framework'),
    format: t('Format'),
    nodes: t('Nodes'),
    params: t('Parameters'),
    inputs: t('Inputs'),
    outputs: t('Outputs'),
    variables: t('Variables'),
    name: t('Name'),
    shape: t('Shape'),
    dtype: t('Data type'),
    unknown: t('unknown'),
    opTypes: t('Operator types'),
    count: t('Count'),
    nodeTable: t('Nodes'),
    searchPlaceholder: t('Search nodes by name, type or tensor'),
    shownOfTotal: t('{0} of {1} nodes'),
    noMatch: t('No node matches.'),
    id: t('Node'),
    type: t('Type'),
    warnings: t('Warnings'),
    noWarnings: t('No warnings.'),
    showSource: t('Show in prototxt'),
    truncated: t('Showing the first {0} rows; refine the search to see the rest.'),
    paddle: t('PaddlePaddle'),
    caffe: t('Caffe'),
    graph: t('Graph'),
    overview: t('Overview'),
    graphLabel: t('The model graph: scroll or press + and − to zoom, drag or use the arrow keys to pan, press 0 to fit, click a node to select it'),
    findInGraph: t('Find in the graph'),
    fitToView: t('Fit to view'),
    layingOut: t('Laying out the graph…'),
    layoutFailed: t('The graph could not be laid out: {0}'),
  };
}
