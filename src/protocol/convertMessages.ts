// The conversion form's messages (webview/convert ↔ src/extension/convertPanel.ts). The host
// speaks first with ConvertInit (the page's strings, the prefilled fields, the hosts to pick
// from); then the page asks through paired requests (rpc.ts): check the fields as the user types,
// convert, copy the command line, save as a task, browse for the output folder.
import type { ConversionForm, FormField } from '../core/convert/conversionForm';
import type { FormCheck } from '../core/convert/conversionFormChecks';

export type { ConversionForm, FormField, FormCheck };

/** A host the form offers: its name and what it is (`BM1684X · me@sdk-box`). */
export interface HostChoice {
  name: string;
  detail: string;
}

/** What the host answers to each change of the fields. */
export interface FormState {
  /** The fields the chosen tool takes, in the form's order. */
  fields: FormField[];
  check: FormCheck;
  /** `npu-deploy convert …` as Copy command line copies it. */
  commandLine: string;
}

export type ConvertOutcome =
  | { verdict: 'success'; outputs: string[] }
  /** `compareFailed`: the compile failed in its compare step, and the page offers to compile again with --cmp=false. */
  | { verdict: 'failure' | 'cancelled'; message: string; compareFailed?: boolean }
  /** The fields have errors: nothing ran. */
  | { verdict: 'refused'; state: FormState };

export type SaveOutcome = { ok: true; file: string } | { ok: false; message: string };

export type ConvertHostMethods = {
  check: { params: ConversionForm; result: FormState };
  convert: { params: ConversionForm; result: ConvertOutcome };
  copyCommandLine: { params: ConversionForm; result: string };
  saveAsTask: { params: ConversionForm; result: SaveOutcome };
  browseOutDir: { params: { current: string }; result: string | null };
};

/** The page's text, localised by the host. Field labels are keyed by field. */
export interface ConvertStrings {
  title: string;
  labels: Record<FormField, string>;
  hints: Partial<Record<FormField, string>>;
  browse: string;
  convert: string;
  converting: string;
  copyCommandLine: string;
  copied: string;
  saveAsTask: string;
  saved: string;
  succeeded: string;
  fixErrors: string;
  /** The labels of the per-layer error statistics choice ('0', '1'). */
  statErrOff: string;
  statErrOn: string;
  /** Why a compile can fail in its compare step, and the button that compiles again without it. */
  compareFailed: string;
  compileWithoutCmp: string;
  /** The ONNX route's button for a PIR program, `{0}` the compiler it ends in. */
  convertThroughOnnx: string;
}

export const CONVERT_INIT = 'convertInit';

export interface ConvertInit {
  type: typeof CONVERT_INIT;
  strings: ConvertStrings;
  form: ConversionForm;
  hosts: HostChoice[];
  /** The tools a host of the form's kind runs. */
  tools: string[];
  state: FormState;
}

export function isConvertInit(message: unknown): message is ConvertInit {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === CONVERT_INIT;
}

/** What the page posts once it listens, so the host sends ConvertInit only when it will be heard. */
export const CONVERT_READY = 'convertReady';
