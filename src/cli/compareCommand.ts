// `npu-deploy compare --npu PATH --golden PATH [--model MODEL [--weights FILE]] [--fusion-rule JSON]
// [--json | --csv FILE] [--thresholds METRIC=N,…]`: our own comparison engine (issue 18 §5). A table
// by default, `--json` exactly the CompareResult object, `--csv` a file written under a temporary
// name then renamed. Exit 1 when any tensor fails (and for bad input: a dump cut short names the
// file and the byte), 2 for bad usage, 0 otherwise.

import { compareDumps } from '../core/compare/compareDumps';
import { compareResultCsv } from '../core/compare/compareCsv';
import type { CompareResult, CompareRow } from '../core/compare/compareResult';
import { readFusionRule } from '../core/compare/fusionRule';
import { readBmodelInfoNets } from '../core/compare/bmodelInfoTensors';
import { parseThresholds } from '../core/compare/thresholds';
import { oneLine } from '../core/errors';
import { writeFileAtomic } from '../core/io/atomicWrite';
import { nodeFileAccess } from '../core/io/nodeFileAccess';
import { openModel } from '../core/openModel';
import { EXIT_BAD_INPUT } from './failure';
import { parseCommandArgs, UsageError } from './usage';

export async function runCompare(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      npu: { type: 'string' },
      golden: { type: 'string' },
      model: { type: 'string' },
      weights: { type: 'string' },
      'fusion-rule': { type: 'string' },
      info: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'string' },
      thresholds: { type: 'string' },
    },
    { min: 0, max: 0 },
  );
  if (!values.npu) throw new UsageError('--npu PATH is required');
  if (!values.golden) throw new UsageError('--golden PATH is required');
  if (values.json && values.csv !== undefined) throw new UsageError('--json and --csv FILE go alone: choose one');
  if (values.weights && !values.model) throw new UsageError('--weights FILE goes with --model MODEL');
  if (values.csv === '') throw new UsageError('--csv FILE needs a file name');
  const thresholds = values.thresholds === undefined ? undefined : parseThresholds(values.thresholds);
  if (typeof thresholds === 'string') throw new UsageError(`--thresholds: ${thresholds}`);

  const fs = nodeFileAccess;
  const graph = values.model ? (await openModel(values.model, { weights: values.weights })).graph : undefined;
  const fusionRule = values['fusion-rule'] ? await readFusionRule(fs, values['fusion-rule']) : undefined;
  // Raw .bin/.dat files split by what `bm_model.bin --info` printed, when the original model is not at hand.
  const infoNets = values.info ? await readBmodelInfoNets(fs, values.info) : undefined;
  const { result, warnings } = await compareDumps(fs, { npu: values.npu, golden: values.golden, graph, infoNets, fusionRule, thresholds });
  for (const warning of warnings) process.stderr.write(`npu-deploy compare: warning: ${oneLine(warning)}\n`);
  if (result.summary.compared === 0) process.stderr.write('npu-deploy compare: warning: no NPU tensor matched a golden tensor by name\n');

  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (values.csv !== undefined) {
    try {
      await writeFileAtomic(values.csv, compareResultCsv(result));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (!(err instanceof Error) || typeof err.code !== 'string') throw e;
      process.stderr.write(`npu-deploy compare: cannot write ${oneLine(values.csv)} (${err.code})\n`);
      return EXIT_BAD_INPUT;
    }
    process.stdout.write(`${summaryLine(result)}\n`);
  } else process.stdout.write(table(result));
  return result.summary.failed > 0 ? EXIT_BAD_INPUT : 0;
}

const fixed = (v: number | null, digits: number) => (v === null ? '-' : v.toFixed(digits));
const short = (v: number | null) => (v === null ? '-' : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : v.toPrecision(4));

function table(result: CompareResult): string {
  const header = ['', 'name', 'verdict', 'cosine', 'maxAbsErr', 'meanAbsErr', 'rmse', 'relEuclid', 'kl', 'result'];
  const body = result.rows.map((row: CompareRow, i) => [
    String(i + 1),
    oneLine(row.name),
    row.extra?.verdict ?? '-',
    fixed(row.cosine, 6),
    short(row.maxAbsError),
    short(row.meanAbsError),
    short(row.rmse),
    short(row.relativeEuclidean),
    short(row.kl),
    row.pass ? 'pass' : `FAIL${row.extra?.failedMetrics ? ` (${row.extra.failedMetrics.join(', ')})` : ''}${row.name === result.firstBad ? '  <- first bad layer' : ''}`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd();
  const lines = [line(header), ...body.map(line)];
  for (const row of result.rows) if (row.extra?.problem) lines.push(`${oneLine(row.name)}: ${oneLine(row.extra.problem)}`);
  if (result.unmatched.npu.length > 0) lines.push(`unmatched NPU tensors (${result.unmatched.npu.length}): ${result.unmatched.npu.map((n) => oneLine(n)).join(', ')}`);
  if (result.unmatched.golden.length > 0) lines.push(`unmatched golden tensors (${result.unmatched.golden.length}): ${result.unmatched.golden.map((n) => oneLine(n)).join(', ')}`);
  lines.push(summaryLine(result));
  return `${lines.join('\n')}\n`;
}

function summaryLine(result: CompareResult): string {
  const { compared, passed, failed } = result.summary;
  return `${compared} compared, ${passed} passed, ${failed} failed; first bad layer: ${result.firstBad === null ? 'none' : oneLine(result.firstBad)}`;
}
