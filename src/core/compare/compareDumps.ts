// Our own comparison engine (issue 18 §1): NPU tensors against golden tensors, matched by name
// (through the ATC fusion rule when given: one NPU op may stand for several original layers),
// each pair streamed through the vendors' metrics, judged by the thresholds, put in the original
// model's topological order, and the first bad layer named. Unmatched tensors are listed, never
// dropped; a tensor that cannot be read or whose size differs is a failing row saying why.

import * as path from 'node:path';
import { dumpOpName } from '../cut/dumpFileNames';
import { ModelFormatError, wholeFile } from '../errors';
import { FileAccessError, type FileAccess } from '../io/fileAccess';
import type { Graph } from '../graph/graph';
import { t } from '../l10n';
import { compareSources, HeldBuffers } from './compareSources';
import type { CompareResult, CompareRow } from './compareResult';
import { listSide, type SideTensor } from './dumpSides';
import type { FusionRule } from './fusionRule';
import { firstBadRow, modelOrder, type ModelOrder } from './modelOrder';
import type { RawTensorSpec } from './rawTensors';
import { infoSpecsFor, type InfoNet } from './bmodelInfoTensors';
import { DEFAULT_THRESHOLDS, failedMetrics, type CompareThresholds } from './thresholds';
import { NPZ_TOLERANCES, type NpzTolerances } from './tensorMetrics';

export interface CompareOptions {
  /** NPU dump folder or file. */
  npu: string;
  /** Golden dump folder or file. */
  golden: string;
  /** The original model's graph: row names, topological order, the first bad layer, raw files' shapes. */
  graph?: Graph;
  /** The nets `bm_model.bin --info` printed (bmodelInfoTensors.ts): raw files' shapes, before the graph's. */
  infoNets?: readonly InfoNet[];
  fusionRule?: FusionRule;
  thresholds?: CompareThresholds;
  npzTolerances?: NpzTolerances;
  signal?: AbortSignal;
  /** Called after each compared tensor. */
  onProgress?: (done: number, total: number) => void;
}

export interface CompareOutcome {
  result: CompareResult;
  warnings: string[];
}

interface Pair {
  npu: SideTensor;
  golden: SideTensor;
  /** The original layer's name (fusion rule, else the model's node, else the golden op). */
  name: string;
  groundTruth?: string[];
  node?: number;
  /** The channel count the model gives that output (NC1HWC0 pads it), when the golden tensor does not. */
  modelChannels?: number;
}

export async function compareDumps(fs: FileAccess, options: CompareOptions): Promise<CompareOutcome> {
  try {
    return await compare(fs, options);
  } catch (e) {
    throw asReadProblem(e, options.npu);
  }
}

/** A file that cannot be opened (missing, no permission) is the user's to fix: one line naming it. */
function asReadProblem(e: unknown, fallback: string): unknown {
  if (e instanceof FileAccessError) return new ModelFormatError(e.path || fallback, wholeFile, t('cannot read the file ({0})', e.code));
  const err = e as NodeJS.ErrnoException;
  if (err instanceof Error && typeof err.code === 'string' && typeof err.syscall === 'string') return new ModelFormatError(err.path ?? fallback, wholeFile, t('cannot read the file ({0})', err.code));
  return e;
}

async function compare(fs: FileAccess, options: CompareOptions): Promise<CompareOutcome> {
  const order = options.graph ? modelOrder(options.graph) : undefined;
  const npuSide = await listSide(fs, options.npu, await rawSpecsFor(fs, options, options.npu));
  const goldenSide = await listSide(fs, options.golden, await rawSpecsFor(fs, options, options.golden));
  const warnings = [...npuSide.warnings, ...goldenSide.warnings];

  const goldenByKey = new Map<string, SideTensor>();
  const unmatchedGolden = new Set<SideTensor>();
  for (const g of goldenSide.tensors) {
    // A second file for one tensor (another timestamp) is listed as unmatched, not compared twice.
    if (goldenByKey.has(g.key)) unmatchedGolden.add(g);
    else goldenByKey.set(g.key, g);
  }
  const matchedGolden = new Set<SideTensor>();
  const pairs: Pair[] = [];
  const unmatchedNpu: string[] = [];
  for (const npu of npuSide.tensors) {
    const target = goldenKeyOf(npu, options.fusionRule);
    const golden = goldenByKey.get(target.key);
    if (!golden) {
      unmatchedNpu.push(npu.label);
      continue;
    }
    matchedGolden.add(golden);
    const node = order?.nodeOf(target.layer) ?? order?.nodeOf(golden.op);
    const name = target.original ?? (node !== undefined && order ? order.nodeName(node) : golden.name);
    pairs.push({ npu, golden, name, groundTruth: target.groundTruth, node, modelChannels: node === undefined ? undefined : channelsOf(options.graph, node, npu.index) });
  }
  for (const g of goldenSide.tensors) if (!matchedGolden.has(g)) unmatchedGolden.add(g);

  const rows: { row: CompareRow; node?: number; time: number }[] = [];
  const buffers = new HeldBuffers();
  for (const [i, pair] of pairs.entries()) {
    options.signal?.throwIfAborted();
    rows.push({ row: await compareRow(pair, options, buffers), node: pair.node, time: pair.npu.time });
    options.onProgress?.(i + 1, pairs.length);
  }
  sortRows(rows, order);
  rows.forEach((r) => {
    if (r.node !== undefined && order) r.row.extra = { ...r.row.extra, order: order.rank(r.node) };
  });
  const bad = firstBadRow(rows.map((r) => ({ node: r.node, pass: r.row.pass })), order);
  const passed = rows.filter((r) => r.row.pass).length;
  return {
    result: {
      rows: rows.map((r) => r.row),
      unmatched: { npu: unmatchedNpu, golden: goldenSide.tensors.filter((g) => unmatchedGolden.has(g)).map((g) => g.label) },
      firstBad: bad < 0 ? null : rows[bad].row.name,
      summary: { compared: rows.length, passed, failed: rows.length - passed },
    },
    warnings,
  };
}

/** Where an NPU tensor's golden counterpart is: through the fusion rule's origin of that output, else by its own name. */
function goldenKeyOf(npu: SideTensor, rule: FusionRule | undefined): { key: string; layer: string; original?: string; groundTruth?: string[] } {
  const fused = rule?.get(npu.op);
  if (!fused) return { key: npu.key, layer: npu.op };
  const origin = fused.outputs[npu.index] ?? (fused.originalNames.length === 1 ? { name: fused.originalNames[0], index: npu.index } : undefined);
  const groundTruth = fused.originalNames.length > 0 ? fused.originalNames : undefined;
  if (!origin) return { key: npu.key, layer: npu.op, groundTruth };
  return { key: `${dumpOpName(origin.name)}:${origin.index}`, layer: origin.name, original: origin.name, groundTruth };
}

async function compareRow(pair: Pair, options: CompareOptions, buffers: HeldBuffers): Promise<CompareRow> {
  const golden = await pair.golden.open();
  const goldenShape = typeof golden === 'string' ? undefined : golden.shape;
  const npu = await pair.npu.open(goldenShape?.length === 4 ? goldenShape[1] : pair.modelChannels);
  const row: CompareRow = {
    name: pair.name,
    tensor: pair.npu.label,
    shape: typeof npu === 'string' ? [] : npu.shape,
    dtype: typeof npu === 'string' ? '' : npu.dtype,
    npuFile: pair.npu.file,
    goldenFile: pair.golden.file,
    cosine: null,
    maxAbsError: null,
    meanAbsError: null,
    rmse: null,
    relativeEuclidean: null,
    maxRelativeError: null,
    meanRelativeError: null,
    kl: null,
    pass: false,
  };
  const extra = pair.groundTruth ? { groundTruth: pair.groundTruth } : {};
  if (typeof npu === 'string' || typeof golden === 'string') {
    row.extra = { ...extra, failedMetrics: ['unreadable'], problem: typeof npu === 'string' ? npu : golden as string };
    return row;
  }
  if (npu.count !== golden.count) {
    const problem = t('the NPU tensor holds {0} values ([{1}]) and the golden one {2} ([{3}])', npu.count, npu.shape.join(', '), golden.count, golden.shape.join(', '));
    row.extra = { ...extra, verdict: 'NOT_MATCH', failedMetrics: ['shape'], problem };
    return row;
  }
  const values = await compareSources(npu, golden, { tolerances: options.npzTolerances ?? NPZ_TOLERANCES, buffers });
  const failed = failedMetrics(values, options.thresholds ?? DEFAULT_THRESHOLDS);
  const { verdict, euclideanSimilarity, sqnr, closeOrder: _closeOrder, nonFinite: _nonFinite, ...metrics } = values;
  Object.assign(row, metrics);
  row.pass = failed.length === 0;
  row.extra = { ...extra, verdict, euclideanSimilarity, sqnr, ...(failed.length > 0 ? { failedMetrics: failed } : {}) };
  return row;
}

function channelsOf(graph: Graph | undefined, node: number, output: number): number | undefined {
  const port = graph?.nodes[node]?.outputs[output];
  const shape = port ? graph?.tensors[port.tensor]?.shape : undefined;
  return shape?.length === 4 && shape[1] > 0 ? shape[1] : undefined;
}

/** Topological order with a model (rows without a node after, by time); else the NPU run's time order. */
function sortRows(rows: { row: CompareRow; node?: number; time: number }[], order: ModelOrder | undefined): void {
  const rank = (r: { node?: number }) => (r.node !== undefined && order ? order.rank(r.node) : Infinity);
  rows.sort((a, b) => rank(a) - rank(b) || a.time - b.time || (a.row.tensor < b.row.tensor ? -1 : a.row.tensor > b.row.tensor ? 1 : 0));
}

/**
 * How a raw file (bmrt_test's input_ref_data.dat / output_ref_data.dat) splits: by the bmodel's
 * info when given, else by the model's inputs when its name says input, else its outputs, with an
 * open batch taken as 1.
 */
async function rawSpecsFor(fs: FileAccess, options: CompareOptions, file: string): Promise<RawTensorSpec[] | undefined> {
  if (options.infoNets) {
    const stat = await fs.stat(file);
    return infoSpecsFor(options.infoNets, path.basename(file), stat.kind === 'file' ? stat.size : undefined);
  }
  const graph = options.graph;
  if (!graph) return undefined;
  const ids = /input/i.test(path.basename(file)) ? graph.inputs : graph.outputs;
  return ids.map((id) => {
    const tensor = graph.tensors[id];
    return { name: tensor.name, shape: (tensor.shape ?? []).map((d) => (d < 0 ? 1 : d)), dtype: tensor.dtype ?? 'float32' };
  });
}
