// Child process of `npm run bench` (refit): what the viewer posts for one model, the foundation's
// way (the info summary with its node list and the whole graph as JSON, stringified by the host
// and parsed by the webview) against the refit's (the summary without nodes as JSON, the graph as
// a CompactGraph of typed arrays, structured-cloned as postMessage does). Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { deserialize, serialize } from 'node:v8';
import { toCompactGraph } from '../../src/core/graph/compactGraph';
import { modelInfo, modelSummary } from '../../src/core/modelInfo';
import { openModel } from '../../src/core/openModel';

function median(runs: number, f: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function main() {
  const [file, runsText] = process.argv.slice(2);
  const runs = Number(runsText ?? '3');
  const model = await openModel(file, { noWeights: true });
  let jsonBytes = 0;
  const jsonMs = median(runs, () => {
    const text = JSON.stringify({ info: modelInfo(model), graph: model.graph });
    jsonBytes = Buffer.byteLength(text);
    JSON.parse(text);
  });
  let compactBytes = 0;
  const compactMs = median(runs, () => {
    const message = { info: modelSummary(model), graph: toCompactGraph(model.graph) };
    const wire = serialize(message);
    compactBytes = wire.length;
    deserialize(wire);
  });
  process.stdout.write(`${JSON.stringify({ file, nodes: model.graph.nodes.length, jsonBytes, jsonMs, compactBytes, compactMs })}\n`);
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: String(e instanceof Error ? e.message : e) })}\n`);
  process.exitCode = 1;
});
