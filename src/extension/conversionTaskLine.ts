// The command line a `npu-deploy` task runs (tasks.json `{ "type": "npu-deploy", "model",
// "host", "tool", "out", "args" }`): the bundled CLI's `convert`, so a task, the Explorer's
// Convert and a script all run the same job. No vscode import: unit tests check it as data.
import { COMPILER_VARIABLES } from '../core/convert/compilerEnv';

export interface ConversionTaskDefinition {
  type: 'npu-deploy';
  model: string;
  host: string;
  tool?: string;
  out?: string;
  /** The vendor tool's own options (TOOL-ARGS). */
  args?: string[];
  /** The compiler's environment variables (BMCOMPILER_STAT_ERR …), set for the CLI, which passes them to the tool. */
  env?: Record<string, string>;
}

/** The definition as tasks.json gave it, or undefined when it lacks what a job needs. */
export function asConversionTask(value: Record<string, unknown>): ConversionTaskDefinition | undefined {
  const str = (k: string) => (typeof value[k] === 'string' && value[k] !== '' ? (value[k] as string) : undefined);
  const model = str('model');
  const host = str('host');
  if (value.type !== 'npu-deploy' || !model || !host) return undefined;
  const args = Array.isArray(value.args) && value.args.every((a) => typeof a === 'string') ? (value.args as string[]) : undefined;
  if (value.args !== undefined && !args) return undefined;
  const env = value.env;
  if (env !== undefined && !isCompilerEnv(env)) return undefined;
  const task: ConversionTaskDefinition = { type: 'npu-deploy', model, host, tool: str('tool'), out: str('out'), args };
  if (env !== undefined) task.env = env;
  return task;
}

/** An `env` of only the compiler's variables, each a string: anything else would be dropped silently. */
function isCompilerEnv(env: unknown): env is Record<string, string> {
  if (typeof env !== 'object' || env === null || Array.isArray(env)) return false;
  return Object.entries(env).every(([name, value]) => COMPILER_VARIABLES.includes(name) && typeof value === 'string');
}

/** The CLI's arguments (each one word: a process, not a shell, receives them). */
export function conversionArguments(cli: string, task: ConversionTaskDefinition, hostsFile: string): string[] {
  const words = [cli, 'convert', task.model, '--host', task.host, '--hosts', hostsFile];
  if (task.tool) words.push('--tool', task.tool);
  if (task.out) words.push('--out', task.out);
  if (task.args && task.args.length > 0) words.push('--', ...task.args);
  return words;
}
