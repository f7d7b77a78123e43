// Deep equality whose failure prints both values whole. node:assert's diff folds long values
// ("... Lines skipped") and a report that keeps only a few lines cut it further: a diagnostics
// test once failed with just `1 !== 0`, which said nothing of which diagnostics were there.
import { AssertionError } from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';

export function assertDeepEqualShowingAll<T>(actual: unknown, expected: T, what: string, context?: unknown): asserts actual is T {
  if (isDeepStrictEqual(actual, expected)) return;
  const lines = [
    `${what} differ`,
    `  actual:   ${JSON.stringify(actual)}`,
    `  expected: ${JSON.stringify(expected)}`,
  ];
  if (context !== undefined) lines.push(`  seen:     ${JSON.stringify(context)}`);
  throw new AssertionError({ message: lines.join('\n'), actual, expected, operator: 'deepStrictEqual', stackStartFn: assertDeepEqualShowingAll });
}
