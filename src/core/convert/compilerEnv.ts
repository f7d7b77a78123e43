// The compiler's environment variables that a conversion carries to the host: what the vendors'
// FAQ and scripts have users export by hand (BMCOMPILER_STAT_ERR=1 for per-layer error
// statistics in the compare step, …). `npu-deploy convert` passes on those set in its own
// environment, so `BMCOMPILER_STAT_ERR=1 npu-deploy convert …` does what it says; the form and a
// saved task set them the same way. Only these names travel: the rest of the local environment
// (paths, secrets) has no business on the host.
import { shellQuote } from '../hosts/shellQuote';

/** Per-layer error statistics during the compare step (toolchains.md §1.7). */
export const STAT_ERR_VARIABLE = 'BMCOMPILER_STAT_ERR';

/** The variables a conversion passes to the host's compiler, as toolchains.md §1.7 lists them. */
export const COMPILER_VARIABLES: readonly string[] = [STAT_ERR_VARIABLE, 'BMCOMPILER_LAYER_DTYPE_MODE', 'BMCOMPILER_GROUP_SEARCH_COUNT', 'GLOG_v'];

/** Those of COMPILER_VARIABLES that `env` sets (to anything but the empty string), in that order. */
export function compilerEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of COMPILER_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  return picked;
}

/**
 * `NAME=value ` words to put before a command so that it alone gets them, each value quoted for
 * the shell; '' when there are none. Names outside COMPILER_VARIABLES are not passed.
 */
export function assignmentPrefix(env: Readonly<Record<string, string>> | undefined): string {
  const picked = compilerEnvironment(env ?? {});
  return Object.entries(picked)
    .map(([name, value]) => `${name}=${shellQuote(value)} `)
    .join('');
}
