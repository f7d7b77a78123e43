// Entry of the Mocha suite that runs inside a real VS Code extension host (code-server, loaded
// through the workbench's `payload` URL parameter by test/e2e). VS Code calls run(); its result
// decides the exit code the page reports. The extension host's console does not reach the test
// log, so the report, ending in `N passed, N failed`, goes to the file named by $EXT_TEST_RESULT.
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export async function run(): Promise<void> {
  const { default: Mocha } = await import('mocha');
  const report = process.env.EXT_TEST_RESULT;
  const log = (line: string) => {
    if (report) appendFileSync(report, `${line}\n`);
  };
  if (report) writeFileSync(report, '');
  // A test's own polls end at their deadlines well before this; it only stops a hung test. A
  // busy 2-core machine has needed more than 30 s for a first model read in a cold extension host.
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'dot' });
  for (const name of readdirSync(__dirname).filter((n) => n.endsWith('.exthost.js')).sort()) mocha.addFile(path.join(__dirname, name));
  let passed = 0;
  let failed = 0;
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run(() => {
      log(`${passed} passed, ${failed} failed`);
      if (failed > 0) reject(new Error(`${failed} extension-host tests failed`));
      else if (passed === 0) reject(new Error('no extension-host tests ran'));
      else resolve();
    });
    runner.on('pass', (t) => {
      passed++;
      log(`ok ${t.fullTitle()}`);
    });
    runner.on('fail', (t, err: unknown) => {
      failed++;
      log(`FAIL ${t.fullTitle()}:\n${describeFailure(err).replace(/^/gm, '    ')}`);
    });
  });
}

/**
 * The whole message (with node's diff, or the values the test printed), the actual and expected
 * values when the error carries them, and the top of the stack. Six lines of the stack used to be
 * all, which cut a diagnostics diff down to `1 !== 0`.
 */
export function describeFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const lines = [`${err.name}: ${err.message}`];
  const { actual, expected } = err as { actual?: unknown; expected?: unknown };
  if ('actual' in err || 'expected' in err) lines.push(`actual:   ${show(actual)}`, `expected: ${show(expected)}`);
  lines.push(...(err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 5).map((l) => l.trim()));
  return lines.join('\n');
}

function show(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
