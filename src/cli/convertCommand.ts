// `npu-deploy convert MODEL --host NAME [--hosts FILE] [--tool NAME] [--out DIR] [--json]
// [-- TOOL-ARGS…]`: one conversion job on a host of the hosts file, the tool's output streamed to
// stdout, the results in --out. Exit status (the contract): 0 success; 1 arguments
// rejected or the tool failed; 2 bad usage; 3 the host could not be reached; 130 interrupted,
// once the remote process and its children are stopped.
import { runConversion, type ConversionResult } from '../core/convert/conversionJob';
import { ArgumentsRejected } from '../core/convert/toolArgs';
import { ModelFormatError } from '../core/errors';
import { HostUnreachable } from '../core/hosts/hostUnreachable';
import { t } from '../core/l10n';
import { loadHosts } from './hostsList';
import { parseCommandArgs, UsageError } from './usage';

export const EXIT_FAILED = 1;
export const EXIT_UNREACHABLE = 3;
export const EXIT_INTERRUPTED = 130;

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
  const write = (text: string) => {
    if (text === '') return;
    process.stdout.write(text);
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
    result = await runConversion({ model: positionals[0], host: config, tool: values.tool, outDir: values.out, toolArgs, onStdout: write, onStderr: write, signal: controller.signal });
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
  if (values.json) {
    if (!endsWithNewline) process.stdout.write('\n');
    const { verdict, host, tool, command, outputs, seconds } = result;
    process.stdout.write(`${JSON.stringify({ verdict, host, tool, command, outputs, seconds })}\n`);
  }
  return status;
}
