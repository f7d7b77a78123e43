// Argument problems are the caller's mistake, not the model's: they exit 2, not 1.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

export function parseCommandArgs<T extends ParseArgsConfig['options']>(args: string[], options: T, positionals: { min: number; max: number }) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const n = parsed.positionals.length;
  if (n < positionals.min || n > positionals.max) {
    throw new UsageError(n < positionals.min ? 'missing argument' : `unexpected argument '${parsed.positionals[positionals.max]}'`);
  }
  return parsed;
}
