// `npu-deploy convert MODEL --host NAME [--hosts FILE] [--tool NAME] [--out DIR] [--json]
// [-- TOOL-ARGS…]`: one conversion job on a host of the hosts file, the tool's output streamed to
// stdout, the results in --out. Exit status (the contract): 0 success; 1 arguments
// rejected or the tool failed; 2 bad usage; 3 the host could not be reached; 130 interrupted,
// once the remote process and its children are stopped.
import { runConversion, type ConversionResult } from '../core/convert/conversionJob';
import { compilerEnvironment } from '../core/convert/compilerEnv';
import { RESULT_FILE_VARIABLE, type ConvertReport } from '../core/convert/convertReport';
import { writeFileAtomic } from '../core/io/atomicWrite';
import { ArgumentsRejected } from '../core/convert/toolArgs';
import { parseToolProblems, type ToolProblem } from '../core/convert/toolProblems';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ModelFormatError } from '../core/errors';
import { HostUnreachable } from '../core/hosts/hostUnreachable';
import { t } from '../core/l10n';
import { loadHosts } from './hostsList';
import { problemLine } from './problemLines';
import { parseCommandArgs, UsageError } from './usage';

export const EXIT_FAILED = 1;
export const EXIT_UNREACHABLE = 3;
export const EXIT_INTERRUPTED = 130;
const MAX_LOG_CHARS = 8 * 1024 * 1024;

const isFile = (file: string) => existsSync(file) && statSync(file).isFile();

/** A Paddle model folder's program file, so that its problems open an editor; the model itself otherwise. */
function programFileOf(model: string): string {
  if (!existsSync(model) || !statSync(model).isDirectory()) return model;
  const names = readdirSync(model).sort();
  const program = names.find((n) => n === '__model__') ?? names.find((n) => n.endsWith('.pdmodel')) ?? names.find((n) => n.endsWith('.json'));
  return program ? path.join(model, program) : model;
}

export async function runConvert(args: string[]): Promise<number> {
  const split = args.indexOf('--');
  const own = split >= 0 ? args.slice(0, split) : args;
  const toolArgs = split >= 0 ? args.slice(split + 1) : [];
  const { values, positionals } = parseCommandArgs(
    own,
    { host: { type: 'string' }, hosts: { type: 'string' }, tool: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
    { min: 1, max: 1 },
  );
  if (!values.host) throw new UsageError('--host NAME is required');
  const hosts = await loadHosts(values.hosts);
  const config = hosts.find((h) => h.name === values.host);
  if (!config) throw new UsageError(`no host named '${values.host}' in the hosts file (hosts: ${hosts.map((h) => h.name).join(', ') || 'none'})`);

  let endsWithNewline = true;
  let compareFailed = false;
  // The tool's output, for its problems once it ends; a runaway log keeps its last part, where a
  // failure's traceback is.
  let log = '';
  const write = (text: string) => {
    if (text === '') return;
    process.stdout.write(text);
    log += text;
    if (log.length > MAX_LOG_CHARS) log = log.slice(-MAX_LOG_CHARS / 2);
    endsWithNewline = text.endsWith('\n');
    // bmcompiler's own compare step (cmp=true) failing, as opposed to the compile itself.
    if (/compare failed|cmp failed/i.test(text)) compareFailed = true;
  };
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.on('SIGINT', interrupt);
  const started = performance.now();
  let result: ConversionResult;
  let status: number;
  try {
    // The compiler's own variables set here (BMCOMPILER_STAT_ERR=1 …) go to the tool on the host.
    const env = compilerEnvironment(process.env);
    result = await runConversion({ model: positionals[0], host: config, tool: values.tool, outDir: values.out, toolArgs, env, onOutput: write, signal: controller.signal });
    status = result.verdict === 'success' ? 0 : result.verdict === 'cancelled' ? EXIT_INTERRUPTED : EXIT_FAILED;
    if (result.verdict === 'failure') {
      process.stderr.write(`npu-deploy convert: ${t('{0} failed on host {1} (exit status {2}); no result was written', result.tool, result.host, String(result.exitCode ?? '?'))}\n`);
      if (compareFailed) {
        process.stderr.write(`npu-deploy convert: ${t('the compile failed in its compare step: accumulated error (OCR detection, many additions or divisions, sorting ops) can cause this; compile again with --cmp=false (-- --cmp=false) and check accuracy at the application level')}\n`);
      }
    }
    if (result.verdict === 'cancelled') process.stderr.write(`npu-deploy convert: ${t('cancelled; the tool on host {0} is stopped and no result was written', result.host)}\n`);
  } catch (e) {
    if (e instanceof ArgumentsRejected || e instanceof ModelFormatError) {
      process.stderr.write(`npu-deploy convert: ${e.message}\n`);
      status = EXIT_FAILED;
    } else if (e instanceof HostUnreachable) {
      process.stderr.write(`npu-deploy convert: ${e.message}\n`);
      // Interrupted while connecting: the connection attempt was what got stopped.
      status = controller.signal.aborted ? EXIT_INTERRUPTED : EXIT_UNREACHABLE;
    } else throw e;
    result = { verdict: controller.signal.aborted ? 'cancelled' : 'failure', host: config.name, tool: values.tool ?? '', command: '', outputs: [], seconds: Math.round((performance.now() - started) / 10) / 100, uploaded: false };
  } finally {
    process.off('SIGINT', interrupt);
  }
  const problems = parseToolProblems(log);
  const problemFile = programFileOf(positionals[0]);
  for (const problem of problems) process.stderr.write(`${problemLine(problem, problemFile, isFile)}\n`);
  // The conversion form runs this as a task and reads how it ended from here: the terminal's
  // text is not its to read. Not part of the CLI's contract.
  const reportFile = process.env[RESULT_FILE_VARIABLE];
  if (reportFile) {
    const { verdict, host, tool, command, outputs, seconds } = result;
    await writeFileAtomic(reportFile, JSON.stringify({ verdict, host, tool, command, outputs, seconds, status, compareFailed } satisfies ConvertReport));
  }
  if (values.json) {
    if (!endsWithNewline) process.stdout.write('\n');
    const { verdict, host, tool, command, outputs, seconds } = result;
    // `problems` is beyond the contract: a new field, the contract's fields unchanged.
    process.stdout.write(`${JSON.stringify({ verdict, host, tool, command, outputs, seconds, problems: problems satisfies ToolProblem[] })}\n`);
  }
  return status;
}
