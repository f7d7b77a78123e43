// Child process of `npm run bench`: what groups save from open to laid out (issue 13), in Node,
// on one synthetic net: reading it (openModel + compact graph, the host's part) and then, as the
// viewer's worker does, the grouping and the layout with every group collapsed (how a big net
// opens) against every group expanded (what `npu-deploy draw` lays out), and expanding one group
// afterwards (laid out lazily: that group and the top level only). Medians of `runs` rounds,
// each on fresh objects; one JSON line.
import { performance } from 'node:perf_hooks';
import { toCompactGraph } from '../../src/core/graph/compactGraph';
import { nodeGroups } from '../../src/core/graph/nodeGroups';
import { GroupedLayout } from '../../src/core/layout/groupedLayout';
import { openModel } from '../../src/core/openModel';

async function main() {
  const [file, runsText] = process.argv.slice(2);
  const runs = Number(runsText ?? '3');
  const samples: Record<string, number[]> = { readMs: [], groupingMs: [], collapsedMs: [], expandOneMs: [], expandedMs: [] };
  let nodes = 0;
  let groups = 0;
  let collapsedBoxes = 0;
  const time = <T>(key: string, work: () => T): T => {
    const t0 = performance.now();
    const out = work();
    samples[key].push(performance.now() - t0);
    return out;
  };
  for (let round = 0; round < runs; round++) {
    const t0 = performance.now();
    const graph = toCompactGraph((await openModel(file)).graph);
    samples.readMs.push(performance.now() - t0);
    nodes = graph.nodeCount;
    const grouping = time('groupingMs', () => nodeGroups(graph));
    groups = grouping.groupCount;
    const lazy = new GroupedLayout(graph, grouping);
    const flags = new Uint8Array(grouping.groupCount);
    const collapsed = time('collapsedMs', () => lazy.layout(flags));
    collapsedBoxes = collapsed.nodeShownAs.filter((s) => s < nodes).length + grouping.groupCount;
    // The middle group, as a user might open one.
    flags[Math.floor(grouping.groupCount / 2)] = 1;
    time('expandOneMs', () => lazy.layout(flags));
    const whole = new GroupedLayout(graph, grouping);
    time('expandedMs', () => whole.layout(new Uint8Array(grouping.groupCount).fill(1)));
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const figures = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  process.stdout.write(`${JSON.stringify({ file, nodes, groups, collapsedBoxes, runs, ...figures })}\n`);
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: e instanceof Error ? e.message : String(e) })}\n`);
  process.exitCode = 1;
});
