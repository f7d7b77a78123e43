// How `npu-deploy convert` tells the conversion form how a job ended: the form runs the CLI as a
// task in a terminal, whose text it cannot read, so the extension names a file in this variable
// and the CLI writes its report there (under a temporary name, then renamed) before it exits.
// Beyond the CLI's contract: only the extension sets the variable.

export const RESULT_FILE_VARIABLE = 'NPU_DEPLOY_RESULT_FILE';

export interface ConvertReport {
  verdict: 'success' | 'failure' | 'cancelled';
  host: string;
  tool: string;
  command: string;
  outputs: string[];
  seconds: number;
  /** The CLI's exit status. */
  status: number;
  /** The compile failed in bmcompiler's compare step (cmp=true), not in the compile itself. */
  compareFailed: boolean;
}

/** The report as read back; undefined when `text` is not one (a CLI that ended before writing it). */
export function parseConvertReport(text: string): ConvertReport | undefined {
  try {
    const value = JSON.parse(text) as Partial<ConvertReport>;
    if (typeof value !== 'object' || value === null || typeof value.verdict !== 'string' || typeof value.status !== 'number') return undefined;
    return { verdict: value.verdict, host: String(value.host ?? ''), tool: String(value.tool ?? ''), command: String(value.command ?? ''), outputs: Array.isArray(value.outputs) ? value.outputs.map(String) : [], seconds: Number(value.seconds ?? 0), status: value.status, compareFailed: value.compareFailed === true };
  } catch {
    return undefined;
  }
}
