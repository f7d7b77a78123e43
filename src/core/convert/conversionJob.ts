// One conversion, from a local model to results beside it: check the arguments (toolArgs, then
// the rules of src/core/args), upload the model
// and its weights to the host's work folder (skipped when the same files are already there), run
// the tool in the job's own folder with the tool's output streamed, and bring the results back
// all-or-nothing. A failed, cancelled or lost job leaves no result file behind.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { Host } from '../hosts/host';
import type { HostConfig } from '../hosts/hostsFile';
import { filesDigest, removeLocal } from '../hosts/localFiles';
import { openHost } from '../hosts/openHost';
import { shellLine, shellQuote as q } from '../hosts/shellQuote';
import { checkScript } from '../args/checkScript';
import { ModelService } from '../modelService';
import { nodeFileAccess } from '../io/nodeFileAccess';
import { t } from '../l10n';
import type { OpenedModel } from '../model';
import { openModel } from '../openModel';
import { assignmentPrefix } from './compilerEnv';
import { ArgumentsRejected, toolInvocation, type ModelFacts } from './toolArgs';
import { refusesPirProgram } from './pirRoutes';
import { NO_PADDLE2ONNX, NO_PADDLE2ONNX_STATUS, noPaddle2onnxMessage, planPirRoute, type PirRoute } from './pirRouteJob';
import { defaultTool, toolFitsHost } from './toolChoice';

export interface ConversionRequest {
  /** The model file or folder, as given. */
  model: string;
  host: HostConfig;
  tool?: string;
  /** Where results land; the model's folder when absent. */
  outDir?: string;
  toolArgs: readonly string[];
  /** The compiler's environment variables (compilerEnv.ts) for the tool on the host; others are not passed. */
  env?: Readonly<Record<string, string>>;
  /**
   * The tool's output as it comes, standard output and errors as one stream in the order the host
   * wrote them: the results come back on the command's own standard output, in the same round trip.
   */
  onOutput?: (text: string) => void;
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
  /** The opened model's format (`pir` for a Paddle 3 program); none for the formats not read here. */
  format?: string;
  files: string[];
  /** Relative to the uploaded folder: '' for the folder itself (bmpaddle takes the model directory). */
  model: string;
  weights?: string;
  folder: string;
}

/**
 * The model as a conversion sees it; undefined for the other front ends' formats, which are not
 * read here (their options come from TOOL-ARGS). Shared with the conversion form's prefill.
 */
export async function openConversionModel(model: string): Promise<OpenedModel | undefined> {
  let opened: OpenedModel | undefined = /\.(onnx|pt|pth|pb|cfg)$/i.test(model) ? undefined : await openModel(model);
  if (opened?.framework === 'caffe' && !opened.weights && opened.file.endsWith('.prototxt')) {
    // A deploy prototxt beside the one caffemodel of its folder (`lenet_iter_10000.caffemodel`
    // next to `deploy.prototxt`): the names need not match.
    const names = await nodeFileAccess.list(path.dirname(opened.file));
    const caffemodels = names.filter((n) => n.endsWith('.caffemodel'));
    if (caffemodels.length === 1) opened = await openModel(opened.file, { weights: path.join(path.dirname(opened.file), caffemodels[0]) });
  }
  return opened;
}

async function modelFiles(model: string, tool: string | undefined): Promise<ModelFiles> {
  const opened = await openConversionModel(model);
  if (!opened) return { facts: undefined, files: [model], model: path.basename(model), folder: path.dirname(model) };
  const facts: ModelFacts = { framework: opened.framework, name: opened.name, inputs: opened.inputs, outputs: opened.outputs };
  const format = opened.format;
  const weights = opened.weights?.files ?? [];
  const folder = path.dirname(opened.file);
  if (opened.framework === 'caffe') {
    if (!opened.file.endsWith('.prototxt')) throw new ArgumentsRejected(t('give the .prototxt of the net as MODEL (its .caffemodel is found beside it)'));
    if (weights.length === 0) throw new ArgumentsRejected(t('no .caffemodel found beside {0}: the compilers need the weights', path.basename(opened.file)));
    return { facts, format, files: [opened.file, weights[0]], model: path.basename(opened.file), weights: path.basename(weights[0]), folder };
  }
  const files = [opened.file, ...weights.filter((w) => w !== opened.file)];
  // bmpaddle takes the model directory; ATC never sees Paddle (toolArgs says so).
  return { facts, format, files, model: tool === 'bmpaddle' || tool === undefined ? '' : path.basename(opened.file), folder };
}

export async function runConversion(request: ConversionRequest): Promise<ConversionResult> {
  const started = performance.now();
  // Connecting overlaps the local work (reading and hashing the model, the argument checks):
  // nothing reaches the host before they pass, and an argument error stops the attempt at once.
  const host = (request.openHost ?? openHost)(request.host);
  const connected = host.connect();
  connected.catch(() => undefined);
  try {
    return await convertOn(host, connected, request, started);
  } finally {
    await host.close();
  }
}

async function convertOn(host: Host, connected: Promise<void>, request: ConversionRequest, started: number): Promise<ConversionResult> {
  const config = request.host;
  const files = await modelFiles(request.model, request.tool);
  const requestedTool = request.tool ?? defaultTool(request.model, files.facts?.framework, config.kind);
  if (!requestedTool) throw new ArgumentsRejected(t('no compiler reads {0}: name one with --tool', path.basename(request.model)));
  if (!toolFitsHost(requestedTool, config.kind)) throw new ArgumentsRejected(t('{0} does not run on host {1} (a {2} host)', requestedTool, config.name, config.kind));
  if (files.facts?.framework === 'paddle' && requestedTool === 'bmpaddle') files.model = '';
  const digest = (await filesDigest(files.files)).slice(0, 24);
  const modelsFolder = `${config.workdir}/models/${digest}`;
  const jobFolder = `${config.workdir}/jobs/${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(4).toString('hex')}`;
  // A PIR program goes to the tool that cannot read it by way of ONNX, in the same job (refused
  // here, before anything is uploaded, when paddle2onnx could not take its files).
  const route: PirRoute | undefined = files.format === 'pir' && refusesPirProgram(requestedTool)
    ? planPirRoute(config.kind, requestedTool, modelsFolder, files.files[0], files.files.slice(1), files.facts?.name ?? 'model')
    : undefined;
  const tool = route?.tool ?? requestedTool;
  const invocationAt = (modelAt: string, place: (name: string) => string) => toolInvocation({
    tool,
    userArgs: request.toolArgs,
    // The compiler reads the ONNX file: the program's names and shapes, but not its framework.
    model: route && files.facts ? { ...files.facts, framework: undefined } : files.facts,
    extension: route ? '.onnx' : path.extname(request.model).toLowerCase(),
    remoteModel: route ? `${jobFolder}/${route.onnxName}` : files.model === '' ? modelAt : place(files.model),
    remoteWeights: route ? undefined : files.weights ? place(files.weights) : undefined,
    jobFolder,
    host: config,
  });
  const invocation = invocationAt(modelsFolder, (name) => `${modelsFolder}/${name}`);
  const toolLine = shellLine(invocation.words);
  // The language server's rules (option forms, values, shapes against the model, descs …) on the
  // line as it will run, but naming the local files, so the checks against the model can read
  // them: an error stops the job here, before anything is uploaded.
  const localLine = shellLine(invocationAt(files.folder, (name) => path.join(files.folder, name)).words);
  const problems = (await checkScript(path.join(files.folder, 'convert.sh'), `${localLine}\n`, { models: new ModelService() })).filter((d) => d.severity === 'error');
  if (problems.length > 0) throw new ArgumentsRejected(problems.map((d) => d.message).join('; '));
  const command = `cd ${q(jobFolder)} && ${route ? `${route.convertLine} && ` : ''}${assignmentPrefix(request.env)}${toolLine}`;
  const outDir = request.outDir ?? files.folder;
  const seconds = () => Math.round((performance.now() - started) / 10) / 100;
  const result = (verdict: ConversionResult['verdict'], extra: Partial<ConversionResult> = {}): ConversionResult => ({ verdict, host: config.name, tool, command, outputs: [], seconds: seconds(), uploaded: false, ...extra });

  const signal = request.signal;
  const complete = `${modelsFolder}/.complete`;
  // Optimistic: the model is usually on the host already, so the run itself checks, and only a
  // missing model costs a second round trip (upload, then run).
  const guard = `${route ? `${route.guard}; ` : ''}if [ ! -f ${q(complete)} ]; then echo ${UPLOAD_NEEDED} >&2; exit ${UPLOAD_NEEDED_STATUS}; fi; mkdir -p ${q(jobFolder)} && `;
  let uploadNeeded = false;
  let noPaddle2onnx = false;
  const onStderr = (text: string) => {
    if (text.includes(UPLOAD_NEEDED)) {
      uploadNeeded = true;
      text = text.replace(`${UPLOAD_NEEDED}\n`, '');
    }
    if (route && text.includes(NO_PADDLE2ONNX)) {
      noPaddle2onnx = true;
      text = text.replace(`${NO_PADDLE2ONNX}\n`, '');
    }
    if (text) request.onOutput?.(text);
  };
  // The run brings the results back in the same round trip, and removes the job folder (the
  // tool's output, which its standard output would otherwise carry, comes as its errors).
  const collect = { remoteFolder: jobFolder, names: invocation.outputs.map((o) => o.name), localPath: (name: string) => path.join(outDir, name) };
  const toolOutput = (text: string) => request.onOutput?.(text);
  await connected;
  let run = await host.runThenCollect(`${guard}${command}`, collect, { signal, onStderr });
  if (noPaddle2onnx && run.code === NO_PADDLE2ONNX_STATUS) throw new ArgumentsRejected(noPaddle2onnxMessage(requestedTool, config.name));
  const uploaded = uploadNeeded && run.code === UPLOAD_NEEDED_STATUS;
  if (uploaded) {
    await host.uploadFiles(files.files, modelsFolder, signal);
    run = await host.runThenCollect(`touch ${q(complete)} && mkdir -p ${q(jobFolder)} && ${command}`, collect, { signal, onStderr: toolOutput });
  }
  if (run.cancelled) {
    await cleanUp(host, jobFolder);
    return result('cancelled', { uploaded });
  }
  if (run.code !== 0) return result('failure', { uploaded, exitCode: run.code ?? undefined });
  const fetched = run.fetched;
  const missing = invocation.outputs.find((o) => o.required && !fetched.includes(o.name));
  if (missing) {
    // Nothing half-done stays: what did come back goes too.
    await Promise.all(fetched.map((name) => removeLocal(path.join(outDir, name))));
    request.onOutput?.(`${t('{0} ended with status 0 but wrote no {1}', tool, missing.name)}\n`);
    return result('failure', { uploaded, exitCode: 0 });
  }
  return result('success', { uploaded, exitCode: 0, outputs: fetched.map((name) => path.join(outDir, name)) });
}

/** What the guard says when the model is not on the host yet; the status is only read together with it. */
const UPLOAD_NEEDED = 'npu-deploy:upload-needed';
const UPLOAD_NEEDED_STATUS = 86;

/** The job folder goes once its results are home (or the job has failed); a host gone by now keeps it. */
async function cleanUp(host: Host, jobFolder: string): Promise<void> {
  try {
    await host.run(`rm -rf ${q(jobFolder)}`, { noSetup: true });
  } catch {}
}
