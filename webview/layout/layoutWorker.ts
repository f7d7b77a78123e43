// The layout worker: gets the compact graph from the page and answers layout requests off the
// page's thread, so the tab never freezes on a big net. The layout is src/core/layout's, the same
// code `npu-deploy draw` uses; it comes back as typed arrays whose buffers are moved, not copied.
import { graphLayout, graphLayoutBuffers } from '../../src/core/layout/graphLayout';
import { GroupedLayout, groupedLayoutBuffers } from '../../src/core/layout/groupedLayout';
import { nodeGroups } from '../../src/core/graph/nodeGroups';
import { longestPathLayers } from '../../src/core/layout/layering';
import { CompactGraphReader, type CompactGraph } from '../../src/core/graph/compactGraph';
import type { WorkerMethods } from '../../src/protocol/messages';
import { RequestServer, withTransfer } from '../../src/protocol/rpc';

const scope = self as unknown as { postMessage(message: unknown, transfer: Transferable[]): void; addEventListener(type: 'message', listener: (e: MessageEvent) => void): void };

/** The graph of the last request that brought one, for the requests that come without. */
let kept: CompactGraph | undefined;
/** Its grouped layout, which keeps each group's own layout between requests. */
let grouped: GroupedLayout | undefined;

const server = new RequestServer<WorkerMethods>((message, transfer) => scope.postMessage(message, transfer ?? []), {
  layering: ({ graph }) => {
    kept = graph ?? kept;
    if (!kept) throw new Error('no graph to lay out: send one first');
    const { layer, layerCount } = longestPathLayers(kept);
    return withTransfer({ layer, layerCount }, [layer.buffer as ArrayBuffer]);
  },
  layout: ({ graph }) => {
    kept = graph ?? kept;
    if (!kept) throw new Error('no graph to lay out: send one first');
    const layout = graphLayout(kept);
    return withTransfer(layout, graphLayoutBuffers(layout));
  },
  groupedLayout: ({ graph, expanded }) => {
    if (graph) kept = graph;
    if (!kept) throw new Error('no graph to lay out: send one first');
    if (!grouped || grouped.graph !== kept) {
      // One reader for both: each name is decoded once.
      const reader = new CompactGraphReader(kept);
      grouped = new GroupedLayout(kept, nodeGroups(kept, reader), reader);
    }
    const layout = grouped.layout(grouped.expandedFlags(expanded));
    return withTransfer(layout, groupedLayoutBuffers(layout));
  },
});

scope.addEventListener('message', (e) => server.handle(e.data));
