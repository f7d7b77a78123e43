// scripts/vscode/runLogged.mjs, which runs code-server's npm install for `npm start` and the
// end-to-end tests: real child processes, a real log file, heartbeats on a short interval.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { repoRoot } from '../../support/paths';

interface RunLoggedModule {
  formatElapsed(ms: number): string;
  runLogged(command: string, args: string[], options: {
    cwd: string; env?: NodeJS.ProcessEnv; logFile: string; label: string; heartbeatMs?: number; timeoutMs?: number; print?: (line: string) => void;
  }): Promise<number>;
}

const load = async () => (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'vscode', 'runLogged.mjs')).href)) as RunLoggedModule;
const dir = mkdtempSync(path.join(tmpdir(), 'npu-run-logged-'));
/** A node child that prints, works for `ms`, prints again and exits with `code`. */
const script = (ms: number, code = 0) => ['-e', `console.log('fetching packages'); setTimeout(() => { console.error('building sqlite3'); process.exit(${code}); }, ${ms});`];

describe('runLogged (npm start install progress)', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a heartbeat with the time so far and the log path while the command runs, and keeps its output in the log', async () => {
    const { runLogged } = await load();
    const logFile = path.join(dir, 'ok.log');
    const lines: string[] = [];
    const elapsed = await runLogged(process.execPath, script(1300), { cwd: dir, logFile, label: 'installing code-server', heartbeatMs: 250, print: (l) => lines.push(l) });
    assert.ok(elapsed >= 1300, `elapsed ${elapsed}`);
    assert.ok(lines.length >= 3, `only ${lines.length} heartbeats in 1.3 s: ${JSON.stringify(lines)}`);
    for (const line of lines) assert.match(line, new RegExp(`installing code-server: \\d+ s so far \\(log: ${logFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)`));
    const log = readFileSync(logFile, 'utf8');
    assert.match(log, /=== \S+ installing code-server: .*node -e/);
    assert.match(log, /fetching packages\n[^]*building sqlite3\n/);
    assert.match(log, /=== installing code-server: done after \d+ s\n$/);
  });

  it('stops the heartbeat when the command ends', async () => {
    const { runLogged } = await load();
    const lines: string[] = [];
    await runLogged(process.execPath, script(50), { cwd: dir, logFile: path.join(dir, 'short.log'), label: 'quick', heartbeatMs: 200, print: (l) => lines.push(l) });
    // A loaded machine may take more than one interval to start node, so heartbeats while the
    // command runs are fine; none may come once it has ended.
    const atEnd = lines.length;
    await new Promise((r) => setTimeout(r, 600));
    assert.deepEqual(lines.slice(atEnd), []);
  });

  it('fails with the exit status, the log path and the last lines of the log', async () => {
    const { runLogged } = await load();
    const logFile = path.join(dir, 'fail.log');
    await assert.rejects(
      runLogged(process.execPath, script(10, 3), { cwd: dir, logFile, label: 'installing code-server', heartbeatMs: 10_000, print: () => undefined }),
      (e: Error) => {
        assert.match(e.message, /^installing code-server failed \(exit 3\) after \d+ s; the whole log is /);
        assert.ok(e.message.includes(logFile), e.message);
        assert.match(e.message, /fetching packages\nbuilding sqlite3$/);
        return true;
      },
    );
  });

  it('stops a command that runs past its time limit', async () => {
    const { runLogged } = await load();
    const started = Date.now();
    await assert.rejects(
      runLogged(process.execPath, script(30_000), { cwd: dir, logFile: path.join(dir, 'slow.log'), label: 'slow', timeoutMs: 400, heartbeatMs: 10_000, print: () => undefined }),
      /slow failed \(no end within 0 s\)/,
    );
    assert.ok(Date.now() - started < 10_000, 'the command was not stopped');
  });

  it('formats elapsed time as seconds, then minutes and seconds', async () => {
    const { formatElapsed } = await load();
    assert.deepEqual([formatElapsed(400), formatElapsed(42_000), formatElapsed(60_000), formatElapsed(330_400)], ['0 s', '42 s', '1 min 00 s', '5 min 30 s']);
  });
});
