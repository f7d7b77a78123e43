// The fusion rule of an offline model: the JSON `atc --mode=1 --om x.om --json x.json` writes,
// `{ graph: [{ op: [{ name, type, attr: [{ key, value }], output_desc: [{ attr }] }] }] }`.
// An NPU op's `_datadump_original_op_names` lists the original layers fused into it (what
// msaccucmp prints as GroundTruth); each output's `_datadump_origin_name` and
// `_datadump_origin_output_index` name the original tensor that output stands for.

import { ModelFormatError, wholeFile } from '../errors';
import { dumpOpName } from '../cut/dumpFileNames';
import type { FileAccess } from '../io/fileAccess';
import { t } from '../l10n';

export interface FusedOp {
  /** The NPU op's name as the model holds it. */
  name: string;
  type: string;
  /** The original layers fused into it; empty when the op is the model's own (a TransData). */
  originalNames: string[];
  /** Per output: the original tensor it stands for, when the rule says. */
  outputs: ({ name: string; index: number } | undefined)[];
}

/** By the op name as dump files spell it (`/` and `.` as `_`). */
export type FusionRule = Map<string, FusedOp>;

/** A fusion-rule file bigger than this is not read (a large net's rule is tens of megabytes). */
const MAX_RULE_BYTES = 512 * 1024 * 1024;

interface Attr {
  key?: unknown;
  value?: { s?: unknown; i?: unknown; list?: { s?: unknown } };
}

export async function readFusionRule(fs: FileAccess, file: string): Promise<FusionRule> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readText(file, MAX_RULE_BYTES));
  } catch (e) {
    if (e instanceof SyntaxError) throw new ModelFormatError(file, wholeFile, t('not a fusion-rule JSON (atc --mode=1): {0}', e.message));
    throw e;
  }
  const graphs = (json as { graph?: unknown })?.graph;
  if (!Array.isArray(graphs)) throw new ModelFormatError(file, wholeFile, t('not a fusion-rule JSON (atc --mode=1): it has no "graph" list'));
  const rule: FusionRule = new Map();
  for (const graph of graphs as { op?: unknown }[]) {
    if (!Array.isArray(graph?.op)) continue;
    for (const op of graph.op as { name?: unknown; type?: unknown; attr?: unknown; output_desc?: unknown }[]) {
      if (typeof op?.name !== 'string') continue;
      const attrs = Array.isArray(op.attr) ? (op.attr as Attr[]) : [];
      const names = attrOf(attrs, '_datadump_original_op_names')?.list?.s;
      const outputs = (Array.isArray(op.output_desc) ? (op.output_desc as { attr?: unknown }[]) : []).map((desc) => {
        const descAttrs = Array.isArray(desc?.attr) ? (desc.attr as Attr[]) : [];
        const origin = attrOf(descAttrs, '_datadump_origin_name')?.s;
        const index = Number(attrOf(descAttrs, '_datadump_origin_output_index')?.i ?? 0);
        return typeof origin === 'string' && origin !== '' ? { name: origin, index: Number.isInteger(index) ? index : 0 } : undefined;
      });
      rule.set(dumpOpName(op.name), {
        name: op.name,
        type: typeof op.type === 'string' ? op.type : '',
        originalNames: Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [],
        outputs,
      });
    }
  }
  return rule;
}

function attrOf(attrs: Attr[], key: string): Attr['value'] | undefined {
  return attrs.find((a) => a?.key === key)?.value;
}
