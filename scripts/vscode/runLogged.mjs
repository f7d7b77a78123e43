// Runs a long command (an npm install that compiles native modules for minutes) with its output
// going to a log file, and says on the terminal that it is still going: a line every
// `heartbeatMs` with the time so far and where the log is. A silent terminal for five minutes
// looks like a hang; a full npm log on it buries what matters.
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readFileSync } from 'node:fs';

/** `42 s`, `3 min 05 s`. */
export function formatElapsed(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** The last `n` non-empty lines of a file, or '' when it cannot be read. */
export function tailOf(file, n = 20) {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).slice(-n).join('\n');
  } catch {
    return '';
  }
}

/**
 * Resolves with the elapsed milliseconds when the command exits 0; rejects with an error that
 * names the log and quotes its last lines otherwise, or when `timeoutMs` passes (the command is
 * then stopped). `print` gets the heartbeat lines.
 */
export function runLogged(command, args, { cwd, env, logFile, label, heartbeatMs = 15_000, timeoutMs = 15 * 60_000, print = console.error }) {
  const started = Date.now();
  appendFileSync(logFile, `\n=== ${new Date(started).toISOString()} ${label}: ${command} ${args.join(' ')} (in ${cwd})\n`);
  const out = openSync(logFile, 'a');
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out] });
    } catch (e) {
      closeSync(out);
      reject(e);
      return;
    }
    closeSync(out); // the child holds its own copy
    const heartbeat = setInterval(() => print(`  … ${label}: ${formatElapsed(Date.now() - started)} so far (log: ${logFile})`), heartbeatMs);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeoutMs);
    let finished = false;
    const finish = (error) => {
      if (finished) return; // 'error' and 'exit' may both come
      finished = true;
      clearInterval(heartbeat);
      clearTimeout(timer);
      const elapsed = Date.now() - started;
      const tail = error ? tailOf(logFile) : '';
      appendFileSync(logFile, `=== ${label}: ${error ? 'failed' : 'done'} after ${formatElapsed(elapsed)}\n`);
      if (!error) resolve(elapsed);
      else reject(new Error(`${label} failed (${error}) after ${formatElapsed(elapsed)}; the whole log is ${logFile}, its last lines:\n${tail}`));
    };
    child.on('error', (e) => finish(e.message));
    child.on('exit', (code, signal) => {
      if (timedOut) finish(`no end within ${formatElapsed(timeoutMs)}`);
      else finish(code === 0 ? undefined : signal ? `killed by ${signal}` : `exit ${code}`);
    });
  });
}
