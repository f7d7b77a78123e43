// The user's range choice in the viewer: the start and end nodes picked so far and, once both
// exist, the nodes between them. Every proposal goes through the core rule (nodeRange.ts,
// bundled into the webview: the same code the cut command runs), and a proposal the rule refuses
// leaves the current choice as it was. The adjacency is built once per graph, so each
// right-click costs two breadth-first walks, linear in the graph.

import type { CompactGraph } from '../../src/core/graph/compactGraph';
import { nodeAdjacency, selectCompactRange, type NodeAdjacency, type NodeRange, type NodeRangeRefusal } from '../../src/core/graph/nodeRange';

/** What a node is in the current choice, by node index: what the drawing colours. */
export const RangeRole = {
  None: 0,
  /** On a path from a start to an end. */
  Inside: 1,
  Start: 2,
  End: 3,
} as const;

export type RangeAction = 'set-start' | 'set-end' | 'add-start' | 'add-end' | 'remove' | 'clear';

export class RangeChoice {
  private adjacency: NodeAdjacency | undefined;
  private starts: number[] = [];
  private ends: number[] = [];
  private range: NodeRange | undefined;
  /** RangeRole by node index, rebuilt on every accepted change. */
  readonly roles: Uint8Array;

  constructor(private readonly graph: CompactGraph) {
    this.roles = new Uint8Array(graph.nodeCount);
  }

  get startNodes(): readonly number[] {
    return this.starts;
  }

  get endNodes(): readonly number[] {
    return this.ends;
  }

  /** The nodes between the starts and the ends with the tensors crossing the cut; undefined until both are chosen. */
  get selection(): NodeRange | undefined {
    return this.range;
  }

  get empty(): boolean {
    return this.starts.length === 0 && this.ends.length === 0;
  }

  /** The starts and ends an action on `node` would leave. */
  proposal(action: RangeAction, node: number): { starts: number[]; ends: number[] } {
    const without = (list: readonly number[]) => list.filter((v) => v !== node);
    switch (action) {
      case 'set-start':
        return { starts: [node], ends: without(this.ends) };
      case 'set-end':
        return { starts: without(this.starts), ends: [node] };
      case 'add-start':
        return { starts: [...without(this.starts), node], ends: without(this.ends) };
      case 'add-end':
        return { starts: without(this.starts), ends: [...without(this.ends), node] };
      case 'remove':
        return { starts: without(this.starts), ends: without(this.ends) };
      case 'clear':
        return { starts: [], ends: [] };
    }
  }

  /**
   * Takes the starts and ends if the rule accepts them (or if one side is still empty: a start
   * alone is a choice in progress), and returns undefined; otherwise returns the refusal and keeps
   * the current choice.
   */
  choose(starts: readonly number[], ends: readonly number[]): NodeRangeRefusal | undefined {
    let range: NodeRange | undefined;
    if (starts.length > 0 && ends.length > 0) {
      this.adjacency ??= nodeAdjacency(this.graph);
      const result = selectCompactRange(this.graph, starts, ends, this.adjacency);
      if (result.refused) return result;
      range = result;
    } else {
      const unknown = [...starts, ...ends].find((v) => !Number.isInteger(v) || v < 0 || v >= this.graph.nodeCount);
      if (unknown !== undefined) return { refused: true, code: 'unknown-node', start: unknown };
    }
    this.starts = [...starts];
    this.ends = [...ends];
    this.range = range;
    this.roles.fill(RangeRole.None);
    if (range) for (const v of range.nodes) this.roles[v] = RangeRole.Inside;
    for (const v of this.starts) this.roles[v] = RangeRole.Start;
    for (const v of this.ends) this.roles[v] = RangeRole.End;
    return undefined;
  }

  /** Applies an action on a node; the refusal, if the rule refuses the result. */
  apply(action: RangeAction, node: number): NodeRangeRefusal | undefined {
    const { starts, ends } = this.proposal(action, node);
    return this.choose(starts, ends);
  }
}
