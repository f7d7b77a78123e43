// `npu-deploy log FILE [--json]`: what a captured vendor tool output says (issue 18 §3): the tool,
// the verdict, errors and warnings with their line and, for known codes, what they mean and what
// to do; timings, compare counts and the model. `--json` prints the issue's object exactly.
// Exit status: 0 the tool succeeded, 1 it failed (or the file cannot be read), 2 bad usage,
// 4 the log stops before the tool says either (cut, or still running).
import { readFileSync, statSync } from 'node:fs';
import { ModelFormatError } from '../core/errors';
import { t } from '../core/l10n';
import { explain, explanationText } from '../core/logs/explanations';
import type { LogEntry, LogReport } from '../core/logs/logReport';
import { parseLog } from '../core/logs/parseLog';
import { parseCommandArgs } from './usage';

export const EXIT_LOG_FAILURE = 1;
export const EXIT_LOG_INCOMPLETE = 4;
/** Node's strings end near 512 MB; a log that size is read by a pager, not summarised. */
const LARGEST_LOG = 256 * 1024 * 1024;

export async function runLog(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, { min: 1, max: 1 });
  const file = positionals[0];
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > LARGEST_LOG) throw new ModelFormatError(file, { kind: 'file' }, t('the log is {0} MB; npu-deploy log reads logs of up to {1} MB', Math.round(size / 2 ** 20), LARGEST_LOG / 2 ** 20));
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ModelFormatError) throw e;
    throw new ModelFormatError(file, { kind: 'file' }, t('cannot read the log: {0}', (e as NodeJS.ErrnoException).code ?? String(e)));
  }
  const report = parseLog(text);
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : readableReport(report));
  return report.verdict === 'success' ? 0 : report.verdict === 'failure' ? EXIT_LOG_FAILURE : EXIT_LOG_INCOMPLETE;
}

function readableReport(report: LogReport): string {
  const out = [`tool: ${report.tool}  verdict: ${report.verdict}`];
  const entries = (title: string, list: LogEntry[]) => {
    if (list.length === 0) return;
    out.push(`${title} (${list.length}):`);
    for (const entry of list) {
      out.push(`  line ${entry.line}: ${entry.code !== null ? `${entry.code} ` : ''}${entry.message.replace(/\s*\n\s*/g, ' ')}`);
      const explanation = explain(report.tool, entry);
      if (explanation) out.push(`    ${explanationText(explanation)}`);
    }
  };
  entries('errors', report.errors);
  entries('warnings', report.warnings);
  const timings = Object.entries(report.timings);
  if (timings.length > 0) out.push(`timings: ${timings.map(([k, v]) => `${k} ${Number(v.toPrecision(6))}`).join(', ')}`);
  const c = report.compare;
  if (c) {
    const n = (v: number | null) => (v === null ? '?' : String(v));
    out.push(`compare: ${n(c.compared)} compared, ${n(c.passed)} passed, ${n(c.failed)} failed${c.firstFailure !== null ? `; first failure: ${c.firstFailure}` : ''}`);
  }
  const m = report.model;
  if (m) {
    out.push(`model: ${[m.file, m.chip, m.version].filter((s) => s !== undefined).join(', ')}`);
    const tensors = (list: { name: string; shape?: number[]; dtype?: string }[]) => list.map((x) => `${x.name}${x.shape ? ` [${x.shape.join(',')}]` : ''}${x.dtype ? ` ${x.dtype}` : ''}`).join('; ');
    for (const net of m.nets) out.push(`  net ${net.name}${net.dynamic ? ' (dynamic)' : ''}: inputs ${tensors(net.inputs) || '-'}; outputs ${tensors(net.outputs) || '-'}`);
  }
  return `${out.join('\n')}\n`;
}
