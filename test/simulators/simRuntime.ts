// What every simulator shares: configurable time (NPU_SIM_SECONDS), a child process standing in
// for the compiler workers so that Cancel has children to stop, and a record of the pids
// (NPU_SIM_PIDS) for the tests to check that they are gone.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

/** Seconds a tool takes (NPU_SIM_SECONDS, default 0: return at once). */
export function simSeconds(): number {
  const v = Number(process.env.NPU_SIM_SECONDS ?? '0');
  return Number.isFinite(v) && v > 0 ? v : 0;
}

/** Which failure to act (NPU_SIM_FAIL): `compile`, `cmp`, or none. */
export function simFailure(): string {
  return process.env.NPU_SIM_FAIL ?? '';
}

/**
 * Works for simSeconds(): a child process runs alongside (the real compilers fork workers), and
 * both pids are appended to NPU_SIM_PIDS when it is set, with a line `working` on stdout once
 * they are recorded, so that a test can cancel mid-work without guessing times.
 */
export async function work(log: (line: string) => void): Promise<void> {
  const seconds = simSeconds();
  if (seconds === 0) return;
  const child = spawn(process.execPath, ['-e', `setTimeout(() => {}, ${Math.ceil(seconds * 1000)})`], { stdio: 'ignore' });
  if (process.env.NPU_SIM_PIDS) appendFileSync(process.env.NPU_SIM_PIDS, `${process.pid}\n${child.pid}\n`);
  log('working');
  await new Promise<void>((resolve) => child.on('exit', () => resolve()));
}

/** A glog line as bmcompiler prints them: `I1124 23:35:48.233935   852 file.cpp:130] [BMCompiler:I] text`. */
export function glog(severity: 'I' | 'W' | 'E' | 'F', place: string, text: string): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const time = `${p(d.getMonth() + 1)}${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)}`;
  return `${severity}${time} ${String(process.pid).padStart(6)} ${place}] [BMCompiler:${severity}] ${text}`;
}
