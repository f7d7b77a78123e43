// What the boxes and edges say, made once per string on first draw: a node's type and name cut to
// its box (nodeBoxes' rule, as the SVG cuts them), and a tensor's shape (`1,3,224,224`) on the
// first of its edges only, as graphSvg does: a tensor read by four branches is one label (the
// first edge drawn: with groups collapsed, the first may be hidden inside one).

import type { CompactGraphReader } from '../../src/core/graph/compactGraph';
import { fitLabel } from '../../src/core/layout/nodeBoxes';

export class GraphLabels {
  private readonly types: (string | undefined)[];
  private readonly names: (string | undefined)[];
  private readonly shapes = new Map<number, string | null>();
  /** 1 where an edge is the first of its tensor's. */
  private readonly labelled: Uint8Array;

  constructor(private readonly reader: CompactGraphReader, drawn: (edge: number) => boolean = () => true) {
    const g = reader.graph;
    this.types = new Array(g.nodeCount);
    this.names = new Array(g.nodeCount);
    this.labelled = new Uint8Array(g.edgeCount);
    const seen = new Uint8Array(g.tensorCount);
    for (let e = 0; e < g.edgeCount; e++) {
      const t = g.edgeTensor[e];
      if (seen[t] || !drawn(e)) continue;
      seen[t] = 1;
      this.labelled[e] = 1;
    }
  }

  type(node: number): string {
    return (this.types[node] ??= fitLabel(this.reader.nodeType(node)));
  }

  name(node: number): string {
    return (this.names[node] ??= fitLabel(this.reader.string(this.reader.graph.nodeName[node])));
  }

  /** The shape shown on edge e, or null (not the tensor's first edge, or its shape is unknown). */
  shape(edge: number): string | null {
    if (!this.labelled[edge]) return null;
    const tensor = this.reader.graph.edgeTensor[edge];
    let s = this.shapes.get(tensor);
    if (s === undefined) {
      s = this.reader.tensorShape(tensor)?.join(',') ?? null;
      this.shapes.set(tensor, s);
    }
    return s;
  }
}
