// `npu-deploy draw MODEL [--weights FILE] --out FILE.svg [--json]`: the whole graph, every group
// expanded, laid out as the viewer lays it out, written as SVG (under a temporary name, renamed
// when complete). `--json` prints { nodes, edges, width, height, seconds }.

import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import { toCompactGraph } from '../core/graph/compactGraph';
import { writeFileAtomic } from '../core/io/atomicWrite';
import { drawGraphSvg } from '../core/layout/graphSvg';
import { openModel } from '../core/openModel';
import { parseCommandArgs, UsageError } from './usage';

export async function runDraw(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { weights: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
    { min: 1, max: 1 },
  );
  if (!values.out) throw new UsageError('--out FILE.svg is required');
  const started = performance.now();
  const model = await openModel(positionals[0], { weights: values.weights });
  const graph = toCompactGraph(model.graph);
  const { svg, layout } = drawGraphSvg(graph);
  await writeFileAtomic(path.resolve(values.out), svg);
  const seconds = (performance.now() - started) / 1000;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ nodes: graph.nodeCount, edges: graph.edgeCount, width: Math.ceil(layout.width), height: Math.ceil(layout.height), seconds })}\n`);
  }
  return 0;
}
