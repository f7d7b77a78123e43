// A host's recent jobs, as the Hosts view lists them under each host: what ran (a conversion or
// a run on the device), on which model, how it ended, and where its result or log is. Pure data
// and text; the extension keeps the list in the workspace's storage.
import * as path from 'node:path';
import { t } from '../l10n';

export type JobState = 'running' | 'success' | 'failure' | 'cancelled';

export interface JobRecord {
  id: string;
  host: string;
  kind: 'convert' | 'run';
  /** The model converted, or the .bmodel / .om run. */
  file: string;
  tool: string;
  state: JobState;
  /** Epoch milliseconds. */
  started: number;
  ended?: number;
  /** The result files brought back. */
  outputs: string[];
  /** One line on how it ended (a failure's reason, a run's throughput and compare verdict). */
  summary?: string;
  /** The job's log file, when one was kept. */
  log?: string;
  /** The name of the terminal its output went to (a conversion task's). */
  terminal?: string;
}

/** How many jobs each host keeps. */
export const JOBS_PER_HOST = 5;

/** `jobs` with `job` in place of the record of the same id, or first; each host's oldest beyond the limit dropped. */
export function withJob(jobs: readonly JobRecord[], job: JobRecord, perHost = JOBS_PER_HOST): JobRecord[] {
  const others = jobs.filter((j) => j.id !== job.id);
  const all = [job, ...others].sort((a, b) => b.started - a.started);
  const kept = new Map<string, number>();
  return all.filter((j) => {
    const n = kept.get(j.host) ?? 0;
    kept.set(j.host, n + 1);
    return n < perHost;
  });
}

/** The jobs of one host, newest first. */
export function jobsOf(jobs: readonly JobRecord[], host: string): JobRecord[] {
  return jobs.filter((j) => j.host === host).sort((a, b) => b.started - a.started);
}

/** A job's label and description in the view: `yolov3.prototxt` and `bmnetc · succeeded · 12:03:45 · 1.5 s`. */
export function jobRow(job: JobRecord, timeOfDay: (epochMs: number) => string): { label: string; description: string } {
  const state = { running: t('running…'), success: t('succeeded'), failure: t('failed'), cancelled: t('cancelled') }[job.state];
  const seconds = job.ended !== undefined ? `${((job.ended - job.started) / 1000).toFixed(1)} s` : undefined;
  const verb = job.kind === 'run' ? t('run on the device') : job.tool;
  return { label: path.basename(job.file), description: [verb, state, timeOfDay(job.started), seconds, job.summary].filter(Boolean).join(' · ') };
}
