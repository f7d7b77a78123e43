// The Caffe entry of the format registry: recognises Caffe files (net and solver prototxts,
// caffemodels), finds a prototxt's weights beside it by name, picks the model of a Caffe folder,
// and opens them as an OpenedModel that keeps what it read (the document or the index).

import * as path from 'node:path';
import { atByte, ModelFormatError, wholeFile } from '../../errors';
import { FileAccessError, isFile } from '../../io/fileAccess';
import { readHead } from '../../io/readHead';
import { t } from '../../l10n';
import type { ModelWarning, OpenedModel, OpenOptions } from '../../model';
import type { FolderPick, ModelFormat } from '../format';
import { toReadContext, type ReadContext } from '../readContext';
import { assembleNet, layersOfBinary, layersOfText } from './caffeNet';
import type { CaffemodelIndex } from './caffemodelIndex';
import { CaffemodelWeights } from './caffemodelWeights';
import { type ProtoMessage, messageOf } from './protoMessage';
import { readVarint } from '../protoWire';
import { readPrototxt } from './prototxtReader';
import { NetParameterType, SolverParameterType } from './schema';
import { TextLayout } from './textLayout';
import { DATA_LAYER_TYPES } from './v1LayerTypes';

const TEXT_EXTENSIONS = ['.prototxt', '.pbtxt'];
/** A prototxt bigger than this is no hand-written net; reading it would only eat memory. */
const MAX_PROTOTXT_BYTES = 512 * 1024 * 1024;

const NET_ONLY_FIELDS = new Set([...NetParameterType.fields.keys()].filter((f) => !SolverParameterType.fields.has(f)));
const SOLVER_ONLY_FIELDS = new Set([...SolverParameterType.fields.keys()].filter((f) => !NetParameterType.fields.has(f)));

/** Top-level NetParameter field tags a caffemodel may start with (name, layers, input, input_dim, force_backward, state, debug_info, input_shape). */
const NET_FIRST_TAGS = new Set([0x0a, 0x12, 0x1a, 0x20, 0x28, 0x32, 0x38, 0x42]);

export function sniffCaffe(file: string, head: Uint8Array): boolean {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.caffemodel' || TEXT_EXTENSIONS.includes(ext)) return true;
  if (looksLikeText(head)) return textKind(new TextDecoder().decode(head)) !== undefined;
  return looksLikeNetBinary(head);
}

export const caffeFormat: ModelFormat = {
  id: 'caffe',
  sniff: sniffCaffe,
  readsText: true,
  pickInFolder: pickCaffeInFolder,
  open: openCaffeModel,
};

export async function openCaffeModel(file: string, options: OpenOptions = {}): Promise<OpenedModel> {
  const context = toReadContext(options);
  if (context.text !== undefined) return openText(file, context.text, context);
  const head = await readHead(context.fs, file);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.caffemodel' || (!TEXT_EXTENSIONS.includes(ext) && !looksLikeText(head))) return openCaffemodel(file, context);
  return openText(file, await readText(file, context), context);
}

async function readText(file: string, context: ReadContext): Promise<string> {
  try {
    return await context.fs.readText(file, MAX_PROTOTXT_BYTES);
  } catch (e) {
    if (e instanceof FileAccessError && e.code === 'EFBIG') {
      throw new ModelFormatError(file, wholeFile, t('a prototxt larger than {0} MB is not read', MAX_PROTOTXT_BYTES / 2 ** 20));
    }
    throw e;
  }
}

function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let control = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control * 50 < head.length;
}

function looksLikeNetBinary(head: Uint8Array): boolean {
  if (head.length < 2 || (!NET_FIRST_TAGS.has(head[0]) && !(head[0] === 0xa2 && head[1] === 0x06))) return false;
  const tagLength = head[0] === 0xa2 ? 2 : 1;
  const wire = head[0] & 7;
  if (wire !== 2) return true;
  const len = readVarint(head, tagLength, head.length);
  return len !== undefined && len.hi === 0 && len.lo > 0;
}

/** Whether prototxt text is a net or a solver, from the first top-level field only one of them has. */
export function textKind(text: string): 'net' | 'solver' | undefined {
  const fieldStart = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*[:{<]/gm;
  for (let m = fieldStart.exec(text); m; m = fieldStart.exec(text)) {
    if (NET_ONLY_FIELDS.has(m[1])) return 'net';
    if (SOLVER_ONLY_FIELDS.has(m[1])) return 'solver';
    if (m[1] !== 'debug_info' && !NetParameterType.fields.has(m[1])) return undefined;
  }
  return undefined;
}

async function openText(file: string, text: string, context: ReadContext): Promise<OpenedModel> {
  const kind = textKind(text) ?? 'net';
  if (kind === 'solver') return openSolver(file, text, context);
  const warnings: ModelWarning[] = [];
  const doc = readPrototxt(text, file, NetParameterType, { recover: context.recover });
  warnings.push(...syntaxWarnings(doc.errors), ...doc.warnings);
  let weights: CaffemodelIndex | undefined;
  const weightsFile = context.weights ?? (context.noWeights ? undefined : await sibling(file, '.caffemodel', context));
  if (weightsFile) {
    weights = await context.caches.caffemodelIndex(context.fs, weightsFile).catch((e: unknown) => {
      if (e instanceof FileAccessError) throw new ModelFormatError(weightsFile, wholeFile, t('cannot read the weights for {0} ({1})', path.basename(file), e.code));
      throw e;
    });
    warnings.push(...weights.warnings);
  }
  const layers = layersOfText(doc.message, doc.layout);
  if (layers.length === 0) warnings.push({ file, place: wholeFile, code: 'caffe.no-layers', message: t('the net has no layers') });
  const assembled = assembleNet(doc.message, layers, {
    file,
    weights: weights ? { file: weights.file, layers: weights.layers } : undefined,
    warnings,
  });
  return {
    framework: 'caffe',
    format: 'prototxt',
    name: netName(doc.message, file),
    file,
    ...assembled,
    weights: weights ? new CaffemodelWeights(weights) : undefined,
    warnings,
    source: { format: 'caffe', kind: 'prototxt', file, net: doc.message, layout: doc.layout, layers, weights },
  };
}

/** Follows a solver's `net:` once, to a regular file only; a solver naming a solver is not read. */
async function openSolver(file: string, text: string, context: ReadContext): Promise<OpenedModel> {
  const doc = readPrototxt(text, file, SolverParameterType, { recover: context.recover });
  const warnings: ModelWarning[] = [...syntaxWarnings(doc.errors), ...doc.warnings];
  const solver = doc.message;
  const embedded = messageOf(solver, 'net_param') ?? messageOf(solver, 'train_net_param');
  if (embedded) {
    const layers = layersOfText(embedded, doc.layout);
    const assembled = assembleNet(embedded, layers, { file, warnings });
    return {
      framework: 'caffe',
      format: 'solver',
      name: netName(embedded, file),
      file,
      ...assembled,
      warnings,
      source: { format: 'caffe', kind: 'prototxt', file, net: embedded, layout: doc.layout, layers },
    };
  }
  // A solver names its net relative to where Caffe ran; try that, then the same name beside the solver.
  const netPath = typeof solver.net === 'string' ? solver.net : typeof solver.train_net === 'string' ? solver.train_net : undefined;
  const candidates = netPath ? [path.resolve(path.dirname(file), netPath), path.join(path.dirname(file), path.basename(netPath))] : [];
  let found: string | undefined;
  for (const c of candidates) if (!found && c !== path.resolve(file) && (await isFile(context.fs, c))) found = c;
  if (found) {
    const netText = await readText(found, context);
    if (textKind(netText) !== 'solver') {
      const net = await openText(found, netText, { ...context, text: undefined, noWeights: true, recover: false });
      // Node locations point into the net's file, not the solver the user opened: drop them.
      for (const node of net.graph.nodes) delete node.location;
      return { ...net, format: 'solver', file, warnings: [...warnings, ...net.warnings] };
    }
  }
  warnings.push({
    file,
    place: wholeFile,
    code: 'caffe.solver-net-missing',
    message: netPath ? t('the solver\'s net \'{0}\' was not found beside it', netPath) : t('the solver names no net'),
  });
  const empty = assembleNet({}, [], { file, warnings });
  return {
    framework: 'caffe',
    format: 'solver',
    name: stem(file),
    file,
    ...empty,
    warnings,
    source: { format: 'caffe', kind: 'prototxt', file, net: {}, layout: new TextLayout(''), layers: [] },
  };
}

/** Syntax errors a recovering read went past, as warnings of their own code (shown as errors). */
function syntaxWarnings(errors: ModelFormatError[]): ModelWarning[] {
  return errors.map((e) => ({ file: e.file, place: e.place, code: 'caffe.syntax', message: e.detail }));
}

async function openCaffemodel(file: string, context: ReadContext): Promise<OpenedModel> {
  const index = await context.caches.caffemodelIndex(context.fs, file);
  const warnings: ModelWarning[] = [...index.warnings];
  if (index.layers.length === 0 && Object.keys(index.net).length === 0) throw new ModelFormatError(file, atByte(0), t('holds no Caffe NetParameter fields'));
  const layers = layersOfBinary(index.layers);
  const assembled = assembleNet(index.net, layers, { file, warnings });
  const trainingData = layers.filter((l) => l.bottoms.length === 0 && DATA_LAYER_TYPES.has(l.type) && l.type !== 'Input');
  if (trainingData.length > 0 && assembled.inputs.some((i) => i.shape === null)) {
    const deploy = await deployPrototxtsBeside(file, context);
    warnings.push({
      file,
      place: atByte(layers[0]?.place.kind === 'byte' ? layers[0].place.offset : 0),
      code: 'caffe.training-net',
      message:
        deploy.length > 0
          ? t('this caffemodel holds the training net (data layers {0}), so its input shapes are unknown; open the deploy prototxt beside it for the graph with shapes: {1}', trainingData.map((l) => l.name).join(', '), deploy.join(', '))
          : t('this caffemodel holds the training net (data layers {0}), so its input shapes are unknown; open it through its deploy prototxt (with --weights) for the graph with shapes', trainingData.map((l) => l.name).join(', ')),
    });
  }
  return {
    framework: 'caffe',
    format: 'caffemodel',
    name: netName(index.net, file),
    file,
    ...assembled,
    weights: new CaffemodelWeights(index),
    warnings,
    source: { format: 'caffe', kind: 'caffemodel', index, layers },
  };
}

/** Net prototxts in the caffemodel's folder, deploy-like names first. */
async function deployPrototxtsBeside(file: string, context: ReadContext): Promise<string[]> {
  const dir = path.dirname(file);
  let names: string[];
  try {
    names = await context.fs.list(dir);
  } catch {
    return [];
  }
  const nets = names.filter((n) => TEXT_EXTENSIONS.includes(path.extname(n).toLowerCase()) && !isSolverName(n)).sort(byDeployFirst);
  // The prototxt of the same name is the one the weights were trained from; offer it alone.
  const same = nets.filter((n) => path.basename(n, path.extname(n)) === stem(file));
  return same.length > 0 ? same : nets;
}

function isSolverName(name: string): boolean {
  return /solver/i.test(name);
}

function byDeployFirst(a: string, b: string): number {
  const rank = (n: string) => (/deploy/i.test(n) ? 0 : /train|test|val/i.test(n) ? 2 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The model of a Caffe folder: the deploy-like net prototxt (paired with its same-named
 * caffemodel, or the folder's only caffemodel), else a caffemodel on its own.
 */
async function pickCaffeInFolder(folder: string, names: readonly string[]): Promise<FolderPick | undefined> {
  const texts = names.filter((n) => TEXT_EXTENSIONS.includes(path.extname(n).toLowerCase()) && !isSolverName(n)).sort(byDeployFirst);
  const binaries = names.filter((n) => path.extname(n).toLowerCase() === '.caffemodel').sort();
  const stems = new Set(binaries.map((n) => path.basename(n, path.extname(n))));
  if (texts.length > 0) {
    // Prefer a net whose weights pair by name, then deploy-like names.
    const paired = texts.find((n) => stems.has(path.basename(n, path.extname(n))) && /deploy/i.test(n)) ?? texts.find((n) => /deploy/i.test(n)) ?? texts.find((n) => stems.has(path.basename(n, path.extname(n)))) ?? texts[0];
    const pairsByName = stems.has(path.basename(paired, path.extname(paired)));
    const weights = !pairsByName && binaries.length === 1 ? path.join(folder, binaries[0]) : undefined;
    return { file: path.join(folder, paired), weights, others: texts.filter((n) => n !== paired) };
  }
  if (binaries.length > 0) return { file: path.join(folder, binaries[0]), others: binaries.slice(1) };
  return undefined;
}

function netName(net: ProtoMessage, file: string): string {
  return typeof net.name === 'string' && net.name !== '' ? net.name : stem(file);
}

function stem(file: string): string {
  return path.basename(file, path.extname(file));
}

async function sibling(file: string, ext: string, context: ReadContext): Promise<string | undefined> {
  const candidate = path.join(path.dirname(file), stem(file) + ext);
  return (await isFile(context.fs, candidate)) ? candidate : undefined;
}
