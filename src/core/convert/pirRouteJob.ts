// The ONNX route for a Paddle 3 PIR program, run as one job where the host has paddle2onnx:
// bmpaddle and ATC cannot read the program (pirRoutes.ts), so paddle2onnx turns it into ONNX in
// the job folder and the ONNX front end of the host's kind compiles that (bmneto on Sophon, ATC
// with --framework=5 on Ascend), in one command line, so a failure of either step fails the job.
// The check for paddle2onnx is part of that line, ahead of everything else: a host without it is
// told apart from a failed conversion and nothing is uploaded to it.
import * as path from 'node:path';
import type { HostKind } from '../hosts/hostsFile';
import { shellLine, shellQuote as q } from '../hosts/shellQuote';
import { t } from '../l10n';
import { pirRoutesMessage } from './pirRoutes';
import { ArgumentsRejected } from './toolArgs';

/**
 * The opset asked of paddle2onnx: the newest that both ONNX front ends take (NNTC's bmneto and
 * ATC's --framework=5 parser both document opset 11; paddle2onnx's own default of 9 lacks ops
 * that PP-OCR programs need, such as Resize with sizes).
 */
export const PIR_ROUTE_OPSET = 11;

/** What stderr says, and the status, when the host has no paddle2onnx; only read together. */
export const NO_PADDLE2ONNX = 'npu-deploy:no-paddle2onnx';
export const NO_PADDLE2ONNX_STATUS = 87;

export interface PirRoute {
  /** The compiler that takes the ONNX file. */
  tool: 'bmneto' | 'atc';
  /** The ONNX file's name in the job folder. */
  onnxName: string;
  /** The shell line that checks for paddle2onnx (its own status and marker), to run before anything else. */
  guard: string;
  /** The paddle2onnx command line (quoted), to run in the job folder before the compiler. */
  convertLine: string;
}

/**
 * The route for a program `programFile` with weights `weights` (as uploaded into `modelsFolder`)
 * on a host of `kind`. Refused (ArgumentsRejected) when paddle2onnx cannot take the files: it reads
 * one `.pdiparams` beside the program, not one file per parameter.
 */
export function planPirRoute(kind: HostKind, requestedTool: string, modelsFolder: string, programFile: string, weights: readonly string[], netName: string): PirRoute {
  const params = weights.filter((w) => w.endsWith('.pdiparams'));
  if (params.length !== 1 || weights.length !== 1) {
    throw new ArgumentsRejected(t('{0} (paddle2onnx takes one .pdiparams file beside the program, and this program has {1} weight files)', pirRoutesMessage(requestedTool), weights.length));
  }
  const onnxName = `${safeStem(netName)}.onnx`;
  const words = [
    'paddle2onnx',
    '--model_dir', modelsFolder,
    '--model_filename', path.basename(programFile),
    '--params_filename', path.basename(params[0]),
    '--save_file', onnxName,
    '--opset_version', String(PIR_ROUTE_OPSET),
  ];
  return {
    tool: pirRouteCompiler(kind),
    onnxName,
    guard: `command -v paddle2onnx >/dev/null 2>&1 || { echo ${q(NO_PADDLE2ONNX)} >&2; exit ${NO_PADDLE2ONNX_STATUS}; }`,
    convertLine: shellLine(words),
  };
}

/** The ONNX front end the route ends in on a host of `kind`. */
export function pirRouteCompiler(kind: HostKind): 'bmneto' | 'atc' {
  return kind === 'ascend' ? 'atc' : 'bmneto';
}

/** The refusal when the host lacks paddle2onnx: the routes, and which host lacks the tool. */
export function noPaddle2onnxMessage(requestedTool: string, hostName: string): string {
  return t('host {0} has no paddle2onnx on its PATH (after its setup line), so the ONNX route cannot run there. {1}', hostName, pirRoutesMessage(requestedTool));
}

/** A net name as a file name: no separators or shell-hostile characters in what the tools are given. */
function safeStem(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').replace(/^[.-]+/, '') || 'model';
}
