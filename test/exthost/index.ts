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
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'dot' });
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
    runner.on('fail', (t, err: Error) => {
      failed++;
      log(`FAIL ${t.fullTitle()}: ${String(err?.stack ?? err).split('\n').slice(0, 6).join('\n    ')}`);
    });
  });
}
