// The command line a `npu-deploy` task runs (tasks.json `{ "type": "npu-deploy", "model",
// "host", "tool", "out", "args" }`): the bundled CLI's `convert`, so a task, the Explorer's
// Convert and a script all run the same job. No vscode import: unit tests check it as data.

export interface ConversionTaskDefinition {
  type: 'npu-deploy';
  model: string;
  host: string;
  tool?: string;
  out?: string;
  /** The vendor tool's own options (TOOL-ARGS). */
  args?: string[];
}

/** The definition as tasks.json gave it, or undefined when it lacks what a job needs. */
export function asConversionTask(value: Record<string, unknown>): ConversionTaskDefinition | undefined {
  const str = (k: string) => (typeof value[k] === 'string' && value[k] !== '' ? (value[k] as string) : undefined);
  const model = str('model');
  const host = str('host');
  if (value.type !== 'npu-deploy' || !model || !host) return undefined;
  const args = Array.isArray(value.args) && value.args.every((a) => typeof a === 'string') ? (value.args as string[]) : undefined;
  if (value.args !== undefined && !args) return undefined;
  return { type: 'npu-deploy', model, host, tool: str('tool'), out: str('out'), args };
}

/** The CLI's arguments (each one word: a process, not a shell, receives them). */
export function conversionArguments(cli: string, task: ConversionTaskDefinition, hostsFile: string): string[] {
  const words = [cli, 'convert', task.model, '--host', task.host, '--hosts', hostsFile];
  if (task.tool) words.push('--tool', task.tool);
  if (task.out) words.push('--out', task.out);
  if (task.args && task.args.length > 0) words.push('--', ...task.args);
  return words;
}
