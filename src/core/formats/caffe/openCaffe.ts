// The Caffe reader's door: recognises Caffe files (net and solver prototxts, caffemodels) and
// opens them as an OpenedModel, finding a prototxt's weights beside it by name.

import { existsSync, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { atByte, ModelFormatError, wholeFile } from '../../errors';
import { t } from '../../l10n';
import type { ModelWarning, OpenedModel, OpenOptions } from '../../model';
import { assembleNet, layersOfBinary, layersOfText } from './caffeNet';
import type { CaffemodelIndex } from './caffemodelIndex';
import { indexCaffemodelCached } from './caffemodelIndexCache';
import { CaffemodelWeights } from './caffemodelWeights';
import { type ProtoMessage, messageOf } from './protoMessage';
import { readVarint } from './protoWire';
import { readPrototxt } from './prototxtReader';
import { readHead } from '../../io/readHead';
import { NetParameterType, SolverParameterType } from './schema';

const TEXT_EXTENSIONS = ['.prototxt', '.pbtxt'];

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

export async function openCaffeModel(file: string, options: OpenOptions): Promise<OpenedModel> {
  if (options.text !== undefined) return openText(file, options);
  const head = await readHead(file);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.caffemodel' || (!TEXT_EXTENSIONS.includes(ext) && !looksLikeText(head))) return openCaffemodel(file);
  return openText(file, options);
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

async function openText(file: string, options: OpenOptions): Promise<OpenedModel> {
  const text = options.text ?? (await fsp.readFile(file, 'utf8'));
  const kind = textKind(text) ?? 'net';
  if (kind === 'solver') return openSolver(file, text, options);
  const warnings: ModelWarning[] = [];
  const doc = readPrototxt(text, file, NetParameterType);
  warnings.push(...doc.warnings);
  let weights: CaffemodelIndex | undefined;
  const weightsFile = options.weights ?? (options.noWeights ? undefined : sibling(file, '.caffemodel'));
  if (weightsFile) {
    weights = await indexCaffemodelCached(weightsFile).catch((e: NodeJS.ErrnoException) => {
      if (e instanceof ModelFormatError || typeof e?.code !== 'string') throw e;
      throw new ModelFormatError(weightsFile, wholeFile, t('cannot read the weights for {0} ({1})', path.basename(file), e.code));
    });
    warnings.push(...weights.warnings);
  }
  const assembled = assembleNet(doc.message, layersOfText(doc.message, doc.layout), {
    file,
    weights: weights ? { file: weights.file, layers: weights.layers } : undefined,
    warnings,
  });
  return {
    framework: 'caffe',
    format: 'prototxt',
    name: netName(doc.message, file),
    file,
    graph: assembled.graph,
    inputs: assembled.inputs,
    outputs: assembled.outputs,
    params: assembled.params,
    weights: weights ? new CaffemodelWeights(weights) : undefined,
    warnings,
  };
}

async function openSolver(file: string, text: string, options: OpenOptions): Promise<OpenedModel> {
  const doc = readPrototxt(text, file, SolverParameterType);
  const warnings: ModelWarning[] = [...doc.warnings];
  const solver = doc.message;
  const embedded = messageOf(solver, 'net_param') ?? messageOf(solver, 'train_net_param');
  if (embedded) {
    const assembled = assembleNet(embedded, layersOfText(embedded, doc.layout), { file, warnings });
    return { framework: 'caffe', format: 'solver', name: netName(embedded, file), file, ...assembled, warnings };
  }
  // A solver names its net relative to where Caffe ran; try that, then the same name beside the solver.
  const netPath = typeof solver.net === 'string' ? solver.net : typeof solver.train_net === 'string' ? solver.train_net : undefined;
  const candidates = netPath ? [path.resolve(path.dirname(file), netPath), path.join(path.dirname(file), path.basename(netPath))] : [];
  const found = candidates.find((c) => existsSync(c));
  if (found) {
    const net = await openText(found, { ...options, text: undefined, noWeights: true });
    // Node locations point into the net's file, not the solver the user opened: drop them.
    for (const node of net.graph.nodes) delete node.location;
    return { ...net, format: 'solver', file, warnings: [...warnings, ...net.warnings] };
  }
  warnings.push({
    file,
    place: wholeFile,
    code: 'caffe.solver-net-missing',
    message: netPath ? t('the solver\'s net \'{0}\' was not found beside it', netPath) : t('the solver names no net'),
  });
  const empty = assembleNet({}, [], { file, warnings });
  return { framework: 'caffe', format: 'solver', name: stem(file), file, ...empty, warnings };
}

async function openCaffemodel(file: string): Promise<OpenedModel> {
  const index = await indexCaffemodelCached(file);
  const warnings: ModelWarning[] = [...index.warnings];
  if (index.layers.length === 0 && Object.keys(index.net).length === 0) throw new ModelFormatError(file, atByte(0), t('holds no Caffe NetParameter fields'));
  const assembled = assembleNet(index.net, layersOfBinary(index.layers), { file, warnings });
  return {
    framework: 'caffe',
    format: 'caffemodel',
    name: netName(index.net, file),
    file,
    ...assembled,
    weights: new CaffemodelWeights(index),
    warnings,
  };
}

function netName(net: ProtoMessage, file: string): string {
  return typeof net.name === 'string' && net.name !== '' ? net.name : stem(file);
}

function stem(file: string): string {
  return path.basename(file, path.extname(file));
}

function sibling(file: string, ext: string): string | undefined {
  const candidate = path.join(path.dirname(file), stem(file) + ext);
  return existsSync(candidate) ? candidate : undefined;
}
