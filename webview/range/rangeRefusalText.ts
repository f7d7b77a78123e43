// A refusal of the range rule (node indices and a code, from nodeRange.ts) in the user's words:
// the webview's strings carry the same sentences src/core/graph/rangeSelection.ts gives the CLI,
// localised on the host, with node ids filled in here.

import type { CompactGraphReader } from '../../src/core/graph/compactGraph';
import type { NodeRangeRefusal } from '../../src/core/graph/nodeRange';
import { format, type WebviewStrings } from '../../src/protocol/strings';

export function rangeRefusalText(refusal: NodeRangeRefusal, reader: CompactGraphReader, s: WebviewStrings): string {
  const id = (v: number | undefined) => (v === undefined || v < 0 || v >= reader.graph.nodeCount ? undefined : reader.nodeId(v));
  const start = id(refusal.start);
  const end = id(refusal.end);
  let reason: string;
  switch (refusal.code) {
    case 'end-above-start':
      reason = format(s.rangeEndAboveStart, end ?? '', start ?? '');
      break;
    case 'no-path':
      if (start !== undefined && end !== undefined) reason = format(s.rangeNoPathBetween, start, end);
      else if (start !== undefined) reason = format(s.rangeNoPathFromStart, start);
      else reason = format(s.rangeNoPathToEnd, end ?? '');
      break;
    case 'empty':
    case 'unknown-node':
      // The menu offers only nodes of this graph and applies a choice only once both sides have
      // one; should either happen it is our bug, still said in the user's words.
      reason = s.rangeIncomplete;
      break;
  }
  return format(s.rangeRefused, reason);
}
