// How a command on a host is stopped with all its children: it runs as the leader of a session of
// its own (setsid), whose id it writes to a pid file first, so that a second command, sent the
// same way, can signal the whole process group. Killing the local `ssh` or `docker exec` would not
// do: neither passes a signal on, and the tool (with its compiler children) would run on.
import { shellQuote as q } from './shellQuote';

/** A pid file name on the host for one run: /tmp is on every POSIX host and in every container. */
export function pidFileFor(id: string): string {
  return `/tmp/npu-deploy-${id}.pid`;
}

/**
 * `line` run by bash (the vendors' setup scripts use `source` and other bashisms) or, without
 * bash, by sh, as a process-group leader that records its id in `pidFile`; the exit status is the
 * command's, and the pid file is removed when it ends.
 */
export function groupedLine(line: string, pidFile: string): string {
  const leader = 'echo $$ > "$0"; if command -v bash >/dev/null 2>&1; then exec bash -c "$1"; else exec sh -c "$1"; fi';
  return `setsid -w sh -c ${q(leader)} ${q(pidFile)} ${q(line)}; s=$?; rm -f ${q(pidFile)}; exit $s`;
}

/**
 * Stops the group recorded in `pidFile`: TERM, up to five seconds for it to go, then KILL, and
 * removes the pid file itself: the command's own `rm` may never run, since its local end (sh,
 * ssh, docker exec) is stopped as soon as this returns. It waits a little for the pid file, since
 * a cancel can come before the command has started.
 */
export function killGroupLine(pidFile: string): string {
  const p = q(pidFile);
  return [
    `i=0; while [ ! -s ${p} ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done`,
    `g=$(cat ${p} 2>/dev/null) || exit 0`,
    `[ -n "$g" ] || { rm -f ${p}; exit 0; }`,
    `kill -TERM -"$g" 2>/dev/null || { rm -f ${p}; exit 0; }`,
    `i=0; while kill -0 -"$g" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done`,
    `kill -KILL -"$g" 2>/dev/null; rm -f ${p}; exit 0`,
  ].join('\n');
}
