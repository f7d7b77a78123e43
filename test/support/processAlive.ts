// Whether a process still runs: a zombie (killed, not yet reaped by an init that may never reap
// in a container) counts as gone.
import { readFileSync } from 'node:fs';

export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
