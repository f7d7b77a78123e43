// The recent jobs the Hosts view lists under each host: conversions started from the form and
// runs on the device, kept in the workspace's storage so they outlive a reload. A job that was
// running when the window closed can only have been stopped with it: it is shown cancelled.
import * as vscode from 'vscode';
import { withJob, type JobRecord } from '../core/hosts/jobRecord';

const KEY = 'npuDeploy.recentJobs';

export class RecentJobs implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private jobs: JobRecord[];

  constructor(private readonly memento: vscode.Memento) {
    const stored = memento.get<JobRecord[]>(KEY) ?? [];
    this.jobs = stored.map((j) => (j.state === 'running' ? { ...j, state: 'cancelled' as const } : j));
  }

  get all(): readonly JobRecord[] {
    return this.jobs;
  }

  /** Adds a job, or updates the one of the same id. */
  record(job: JobRecord): void {
    this.jobs = withJob(this.jobs, job);
    void this.memento.update(KEY, this.jobs);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
