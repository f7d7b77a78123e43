// An .om that the simulators can read back: GE's "IMOD" magic and the model name at byte 36 (as
// src/core/offline/offlineModelName.ts reads it), and, where a real om holds its graph, a JSON
// list of the NPU ops with the original layers each stands for, so that `atc --mode=1` can write
// the fusion-rule JSON and `msame --dump` can dump every op.

export interface OmOp {
  /** The NPU op's name (a fused op is named after its layers, `conv1conv1_relu`). */
  name: string;
  type: string;
  /** The original model's layers this op stands for; its output is the last one's. */
  originals: string[];
  /** The output's shape (NCHW). */
  shape: number[];
}

export interface OmDescription {
  name: string;
  ops: OmOp[];
}

const GRAPH_AT = 256;

export function omBytes(description: OmDescription): Buffer {
  const header = Buffer.alloc(GRAPH_AT);
  header.write('IMOD', 0, 'ascii');
  header.write(description.name.slice(0, 31), 36, 'utf8');
  const graph = Buffer.from(JSON.stringify(description.ops), 'utf8');
  header.writeUInt32LE(graph.length, GRAPH_AT - 4);
  return Buffer.concat([header, graph]);
}

/** The description of an om written by omBytes; undefined for any other file (atc's own, say). */
export function readOm(bytes: Buffer): OmDescription | undefined {
  if (bytes.length < GRAPH_AT || bytes.toString('ascii', 0, 4) !== 'IMOD') return undefined;
  const size = bytes.readUInt32LE(GRAPH_AT - 4);
  if (size === 0 || GRAPH_AT + size > bytes.length) return undefined;
  try {
    const name = bytes.toString('utf8', 36, 68).replace(/\0.*$/s, '');
    return { name, ops: JSON.parse(bytes.toString('utf8', GRAPH_AT, GRAPH_AT + size)) as OmOp[] };
  } catch {
    return undefined;
  }
}

/** What `atc --mode=1` writes for such a model: the graph's ops with `_datadump_original_op_names`. */
export function fusionRuleJson(description: OmDescription): string {
  return JSON.stringify({
    name: description.name,
    graph: [
      {
        name: description.name,
        op: description.ops.map((op) => ({
          name: op.name,
          type: op.type,
          attr: [{ key: '_datadump_original_op_names', value: { list: { s: op.originals } } }],
          output_desc: [
            {
              attr: [
                { key: '_datadump_origin_name', value: { s: op.originals[op.originals.length - 1] } },
                { key: '_datadump_origin_output_index', value: { i: 0 } },
              ],
              shape: { dim: op.shape },
            },
          ],
        })),
      },
    ],
  });
}

/** From a fusion-rule JSON: by NPU op name, the original layer its output is, and all it stands for. */
export function fusionRuleMap(json: string): Map<string, { origin: string; originals: string[] }> {
  const parsed = JSON.parse(json) as { graph?: { op?: { name: string; attr?: { key: string; value: { list?: { s?: string[] } } }[]; output_desc?: { attr?: { key: string; value: { s?: string } }[] }[] }[] }[] };
  const map = new Map<string, { origin: string; originals: string[] }>();
  for (const graph of parsed.graph ?? []) {
    for (const op of graph.op ?? []) {
      const originals = op.attr?.find((a) => a.key === '_datadump_original_op_names')?.value.list?.s ?? [op.name];
      const origin = op.output_desc?.[0]?.attr?.find((a) => a.key === '_datadump_origin_name')?.value.s ?? originals[originals.length - 1];
      map.set(op.name, { origin, originals });
    }
  }
  return map;
}
