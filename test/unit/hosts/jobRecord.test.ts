// A host's recent jobs: a finished job replaces its running record, each host keeps its newest
// five, and a row says what ran, how it ended, when and for how long.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobRow, jobsOf, withJob, type JobRecord } from '../../../src/core/hosts/jobRecord';

const job = (id: string, host: string, started: number, extra: Partial<JobRecord> = {}): JobRecord => ({ id, host, kind: 'convert', file: `/m/${id}.prototxt`, tool: 'bmnetc', state: 'running', started, outputs: [], ...extra });

test('a finished job takes the place of its running record; each host keeps its newest five', () => {
  let jobs: JobRecord[] = [];
  for (let i = 0; i < 7; i++) jobs = withJob(jobs, job(`a${i}`, 'a', 1000 + i));
  jobs = withJob(jobs, job('b0', 'b', 500));
  jobs = withJob(jobs, job('a6', 'a', 1006, { state: 'success', ended: 2506 }));
  assert.deepEqual(jobsOf(jobs, 'a').map((j) => [j.id, j.state]), [['a6', 'success'], ['a5', 'running'], ['a4', 'running'], ['a3', 'running'], ['a2', 'running']]);
  assert.deepEqual(jobsOf(jobs, 'b').map((j) => j.id), ['b0']);
});

test('a row names the file, the tool, the state, the time of day, the duration and the summary', () => {
  const row = jobRow(job('yolo', 'a', 1000, { state: 'failure', ended: 2500, summary: 'compare failed' }), (ms) => `t${ms}`);
  assert.deepEqual(row, { label: 'yolo.prototxt', description: 'bmnetc · failed · t1000 · 1.5 s · compare failed' });
  assert.equal(jobRow(job('r', 'a', 0, { kind: 'run' }), () => 'now').description, 'run on the device · running… · now');
});
