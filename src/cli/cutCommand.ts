// `npu-deploy cut MODEL [--weights FILE] --start ID[,ID…] --end ID[,ID…] --out DIR [--dump-data DIR] [--json]`:
// the sub-model between the start and end nodes (ids as `info --json` prints them) written to a
// new dump_result_ folder under DIR, as the viewer's Dump dialog writes it. `--json` prints
// { folder, files, inputs, outputs, nodes }. A range with nothing between (an end above its start,
// no path, an unknown id) exits 1 with the reason on one line of stderr; warnings (a model
// without weights) go to stderr too, and the export still happens.

import { cutModel } from '../core/cut/cutModel';
import { oneLine } from '../core/errors';
import { openModel } from '../core/openModel';
import { EXIT_BAD_INPUT } from './failure';
import { parseCommandArgs, UsageError } from './usage';

export async function runCut(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      weights: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      out: { type: 'string' },
      'dump-data': { type: 'string' },
      json: { type: 'boolean' },
    },
    { min: 1, max: 1 },
  );
  const starts = nodeIds(values.start, '--start');
  const ends = nodeIds(values.end, '--end');
  if (!values.out) throw new UsageError('--out DIR is required');
  const model = await openModel(positionals[0], { weights: values.weights });
  let result: Awaited<ReturnType<typeof cutModel>>;
  // Ctrl-C cancels the export rather than killing it half way: the temporary folder is removed.
  const cancel = new AbortController();
  const onInterrupt = () => cancel.abort();
  process.once('SIGINT', onInterrupt);
  try {
    result = await cutModel(model, starts, ends, values.out, { dumpData: values['dump-data'], signal: cancel.signal });
  } catch (e) {
    if (cancel.signal.aborted) {
      process.stderr.write('npu-deploy cut: interrupted; nothing was written\n');
      return EXIT_INTERRUPTED;
    }
    // The output folder cannot be made or written (no permission, a file in the way, a full
    // disk): the caller's to fix, like bad input, and nothing was left behind.
    const err = e as NodeJS.ErrnoException;
    if (!(err instanceof Error) || typeof err.code !== 'string' || typeof err.syscall !== 'string') throw e;
    process.stderr.write(`npu-deploy cut: cannot write the export under ${oneLine(values.out)} (${err.code})\n`);
    return EXIT_BAD_INPUT;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  if ('refused' in result) {
    process.stderr.write(`npu-deploy cut: ${oneLine(result.message)}\n`);
    return EXIT_BAD_INPUT;
  }
  for (const warning of result.warnings) process.stderr.write(`npu-deploy cut: warning: ${oneLine(warning)}\n`);
  if (values.json) {
    const { folder, files, inputs, outputs, nodes } = result;
    process.stdout.write(`${JSON.stringify({ folder, files, inputs, outputs, nodes }, null, 2)}\n`);
    return 0;
  }
  const tensor = (t: { name: string; shape: number[] | null; dtype: string | null }) => `  ${t.name}  ${t.shape ? `[${t.shape.join(', ')}]` : 'unknown'}  ${t.dtype ?? 'unknown'}`;
  const lines = [result.folder, ...result.files.map((f) => `  ${f}`), 'inputs:', ...result.inputs.map(tensor), 'outputs:', ...result.outputs.map(tensor), `nodes: ${result.nodes.length}`];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C. */
const EXIT_INTERRUPTED = 130;

/** `a,b,c` as ids; an option left out or empty is the caller's mistake (exit 2). */
function nodeIds(value: string | undefined, option: string): string[] {
  const ids = (value ?? '').split(',').filter((id) => id !== '');
  if (ids.length === 0) throw new UsageError(`${option} ID[,ID…] is required`);
  return ids;
}
