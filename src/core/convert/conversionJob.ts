// One conversion, from a local model to results beside it: check the arguments, upload the model
// and its weights to the host's work folder (skipped when the same files are already there), run
// the tool in the job's own folder with the tool's output streamed, and bring the results back
// all-or-nothing. A failed, cancelled or lost job leaves no result file behind.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { Host } from '../hosts/host';
import type { HostConfig } from '../hosts/hostsFile';
import { downloadAll, filesDigest } from '../hosts/localFiles';
import { openHost } from '../hosts/openHost';
import { shellLine, shellQuote as q } from '../hosts/shellQuote';
import { nodeFileAccess } from '../io/nodeFileAccess';
import { t } from '../l10n';
import type { OpenedModel } from '../model';
import { openModel } from '../openModel';
import { ArgumentsRejected, toolInvocation, type ModelFacts } from './toolArgs';
import { defaultTool, toolFitsHost } from './toolChoice';

export interface ConversionRequest {
  /** The model file or folder, as given. */
  model: string;
  host: HostConfig;
  tool?: string;
  /** Where results land; the model's folder when absent. */
  outDir?: string;
  toolArgs: readonly string[];
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  signal?: AbortSignal;
  /** Opens the host; openHost when absent (tests and the bench pass their own). */
  openHost?: (config: HostConfig) => Host;
}

export interface ConversionResult {
  verdict: 'success' | 'failure' | 'cancelled';
  host: string;
  tool: string;
  /** The line run on the host (after its setup line). */
  command: string;
  /** Local paths of the results. */
  outputs: string[];
  seconds: number;
  /** The tool's exit status, when it ran to the end. */
  exitCode?: number;
  /** Whether the model was uploaded (false: the host had the same files already). */
  uploaded: boolean;
}

/** What goes to the host: the model's own files, and which of them the tool is pointed at. */
interface ModelFiles {
  facts: ModelFacts | undefined;
  files: string[];
  /** Relative to the uploaded folder: '' for the folder itself (bmpaddle takes the model directory). */
  model: string;
  weights?: string;
  folder: string;
}

async function modelFiles(model: string, tool: string | undefined): Promise<ModelFiles> {
  // The other front ends' formats are not read here: their options come from TOOL-ARGS.
  let opened: OpenedModel | undefined = /\.(onnx|pt|pth|pb|cfg)$/i.test(model) ? undefined : await openModel(model);
  if (opened?.framework === 'caffe' && !opened.weights && opened.file.endsWith('.prototxt')) {
    // A deploy prototxt beside the one caffemodel of its folder (`lenet_iter_10000.caffemodel`
    // next to `deploy.prototxt`): the names need not match.
    const names = await nodeFileAccess.list(path.dirname(opened.file));
    const caffemodels = names.filter((n) => n.endsWith('.caffemodel'));
    if (caffemodels.length === 1) opened = await openModel(opened.file, { weights: path.join(path.dirname(opened.file), caffemodels[0]) });
  }
  if (!opened) return { facts: undefined, files: [model], model: path.basename(model), folder: path.dirname(model) };
  const facts: ModelFacts = { framework: opened.framework, name: opened.name, inputs: opened.inputs, outputs: opened.outputs };
  const weights = opened.weights?.files ?? [];
  const folder = path.dirname(opened.file);
  if (opened.framework === 'caffe') {
    if (!opened.file.endsWith('.prototxt')) throw new ArgumentsRejected(t('give the .prototxt of the net as MODEL (its .caffemodel is found beside it)'));
    if (weights.length === 0) throw new ArgumentsRejected(t('no .caffemodel found beside {0}: the compilers need the weights', path.basename(opened.file)));
    return { facts, files: [opened.file, weights[0]], model: path.basename(opened.file), weights: path.basename(weights[0]), folder };
  }
  const files = [opened.file, ...weights.filter((w) => w !== opened.file)];
  // bmpaddle takes the model directory; ATC never sees Paddle (toolArgs says so).
  return { facts, files, model: tool === 'bmpaddle' || tool === undefined ? '' : path.basename(opened.file), folder };
}

export async function runConversion(request: ConversionRequest): Promise<ConversionResult> {
  const started = performance.now();
  const config = request.host;
  const files = await modelFiles(request.model, request.tool);
  const tool = request.tool ?? defaultTool(request.model, files.facts?.framework, config.kind);
  if (!tool) throw new ArgumentsRejected(t('no compiler reads {0}: name one with --tool', path.basename(request.model)));
  if (!toolFitsHost(tool, config.kind)) throw new ArgumentsRejected(t('{0} does not run on host {1} (a {2} host)', tool, config.name, config.kind));
  if (files.facts?.framework === 'paddle' && tool === 'bmpaddle') files.model = '';
  const digest = (await filesDigest(files.files)).slice(0, 24);
  const modelsFolder = `${config.workdir}/models/${digest}`;
  const jobFolder = `${config.workdir}/jobs/${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(4).toString('hex')}`;
  const invocation = toolInvocation({
    tool,
    userArgs: request.toolArgs,
    model: files.facts,
    extension: path.extname(request.model).toLowerCase(),
    remoteModel: files.model === '' ? modelsFolder : `${modelsFolder}/${files.model}`,
    remoteWeights: files.weights ? `${modelsFolder}/${files.weights}` : undefined,
    jobFolder,
    host: config,
  });
  const command = `cd ${q(jobFolder)} && ${shellLine(invocation.words)}`;
  const outDir = request.outDir ?? files.folder;
  const seconds = () => Math.round((performance.now() - started) / 10) / 100;
  const result = (verdict: ConversionResult['verdict'], extra: Partial<ConversionResult> = {}): ConversionResult => ({ verdict, host: config.name, tool, command, outputs: [], seconds: seconds(), uploaded: false, ...extra });

  const host = (request.openHost ?? openHost)(config);
  const signal = request.signal;
  try {
    let probe = '';
    const ready = await host.run(`mkdir -p ${q(jobFolder)} && if [ -f ${q(`${modelsFolder}/.complete`)} ]; then echo present; fi`, { noSetup: true, signal, onStdout: (s) => (probe += s) });
    if (ready.cancelled) return result('cancelled');
    if (ready.code !== 0) throw new Error(t('could not make the job folder {0} on host {1}', jobFolder, config.name));
    const uploaded = !probe.includes('present');
    if (uploaded) {
      for (const file of files.files) await host.upload(file, `${modelsFolder}/${path.basename(file)}`, signal);
    }
    const mark = uploaded ? `touch ${q(`${modelsFolder}/.complete`)} && ` : '';
    const run = await host.run(`${mark}${command}`, { signal, onStdout: request.onStdout, onStderr: request.onStderr });
    if (run.cancelled) {
      await cleanUp(host, jobFolder);
      return result('cancelled', { uploaded });
    }
    if (run.code !== 0) {
      await cleanUp(host, jobFolder);
      return result('failure', { uploaded, exitCode: run.code ?? undefined });
    }
    let present = '';
    const names = invocation.outputs.map((o) => o.name);
    await host.run(`cd ${q(jobFolder)} && for f in ${names.map(q).join(' ')}; do if [ -f "$f" ]; then printf '%s\\n' "$f"; fi; done`, { noSetup: true, signal, onStdout: (s) => (present += s) });
    const found = present.split('\n').filter((n) => names.includes(n));
    const missing = invocation.outputs.find((o) => o.required && !found.includes(o.name));
    if (missing) {
      request.onStderr?.(`${t('{0} ended with status 0 but wrote no {1}', tool, missing.name)}\n`);
      await cleanUp(host, jobFolder);
      return result('failure', { uploaded, exitCode: 0 });
    }
    const pairs = found.map((name) => ({ remote: `${jobFolder}/${name}`, local: path.join(outDir, name) }));
    try {
      await downloadAll(host, pairs, signal);
    } catch (e) {
      if (signal?.aborted) return result('cancelled', { uploaded });
      throw e;
    }
    await cleanUp(host, jobFolder);
    return result('success', { uploaded, exitCode: 0, outputs: pairs.map((p) => p.local) });
  } finally {
    await host.close();
  }
}

/** The job folder goes once its results are home (or the job has failed); a host gone by now keeps it. */
async function cleanUp(host: Host, jobFolder: string): Promise<void> {
  try {
    await host.run(`rm -rf ${q(jobFolder)}`, { noSetup: true });
  } catch {}
}
