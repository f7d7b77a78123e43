// Argument problems are the caller's mistake, not the model's: they exit 2, not 1.
import { parseArgs } from 'node:util';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A sub-command's options, in node:util parseArgs' own form. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Each option's value as parseArgs gives it: a string, true, or absent. */
export type OptionValues<T extends OptionSpec> = { [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean };

export function parseCommandArgs<T extends OptionSpec>(
  args: string[],
  options: T,
  positionals: { min: number; max: number },
): { values: OptionValues<T>; positionals: string[] } {
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
  return { values: parsed.values as OptionValues<T>, positionals: parsed.positionals };
}
