// The Hosts view (Explorer): each host of the npuDeploy.hosts setting with its probed state
// (reachable; toolchain and version; device chip, memory, utilisation), the same probe as
// `npu-deploy hosts`. Probing runs the hosts' setup lines over SSH, so it happens only in a
// trusted workspace (the view is hidden otherwise), when the view is first shown, on Refresh and
// when the setting changes. Under each host its recent jobs (conversions, device runs), newest
// first; choosing one opens its log or reveals its result.
import * as vscode from 'vscode';
import { openHost } from '../core/hosts/openHost';
import { probeHost, type HostStatus } from '../core/hosts/hostProbe';
import { hostStatusRows } from '../core/hosts/hostStatusRows';
import { HostsFileError, parseHosts, type HostConfig } from '../core/hosts/hostsFile';
import { jobRow, jobsOf, type JobRecord } from '../core/hosts/jobRecord';
import type { RecentJobs } from './recentJobs';

export const HOSTS_VIEW_ID = 'npuDeploy.hostsView';

type HostNode = { kind: 'host'; config: HostConfig; status?: HostStatus } | { kind: 'detail'; text: string; error: boolean } | { kind: 'job'; job: JobRecord };

const OPEN_JOB_COMMAND = 'npuDeploy.openJob';
const JOB_ICONS: Record<JobRecord['state'], string> = { running: 'loading~spin', success: 'pass', failure: 'error', cancelled: 'circle-slash' };

class HostsTree implements vscode.TreeDataProvider<HostNode> {
  private readonly changed = new vscode.EventEmitter<HostNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: HostNode[] | undefined;
  private generation = 0;

  constructor(private readonly jobs: RecentJobs) {
    // The jobs change often (a run starts, ends): the hosts are not probed again for that.
    jobs.onDidChange(() => {
      for (const node of this.nodes ?? []) if (node.kind === 'host') this.changed.fire(node);
    });
  }

  refresh(): void {
    this.nodes = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(node: HostNode): vscode.TreeItem {
    if (node.kind === 'job') {
      const row = jobRow(node.job, (ms) => new Date(ms).toLocaleTimeString(vscode.env.language));
      const item = new vscode.TreeItem(row.label);
      item.description = row.description;
      item.tooltip = `${node.job.file}\n${row.description}`;
      item.iconPath = new vscode.ThemeIcon(JOB_ICONS[node.job.state]);
      item.command = { command: OPEN_JOB_COMMAND, title: vscode.l10n.t('Open Job'), arguments: [node.job] };
      return item;
    }
    if (node.kind === 'detail') {
      const item = new vscode.TreeItem(node.text);
      item.tooltip = node.text;
      if (node.error) item.iconPath = new vscode.ThemeIcon('warning');
      return item;
    }
    const hasJobs = jobsOf(this.jobs.all, node.config.name).length > 0;
    const item = new vscode.TreeItem(node.config.name, node.status || hasJobs ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.description = node.status ? hostStatusRows(node.status).state : vscode.l10n.t('probing…');
    item.tooltip = node.config.ssh ?? vscode.l10n.t('this machine');
    item.iconPath = new vscode.ThemeIcon(!node.status ? 'loading~spin' : node.status.reachable ? 'vm-active' : 'vm-outline');
    return item;
  }

  getChildren(node?: HostNode): HostNode[] {
    if (node) {
      if (node.kind !== 'host') return [];
      const details: HostNode[] = node.status ? hostStatusRows(node.status).details.map((text) => ({ kind: 'detail', text, error: !node.status!.reachable })) : [];
      return [...details, ...jobsOf(this.jobs.all, node.config.name).map((job): HostNode => ({ kind: 'job', job }))];
    }
    if (!vscode.workspace.isTrusted) return [];
    if (!this.nodes) this.nodes = this.probeAll();
    return this.nodes;
  }

  /** One node per host, each filled in as its probe answers; a refresh meanwhile drops the older answers. */
  private probeAll(): HostNode[] {
    let configs: HostConfig[];
    try {
      configs = parseHosts(vscode.workspace.getConfiguration('npuDeploy').get<unknown>('hosts') ?? { hosts: [] }, process.env.HOME);
    } catch (e) {
      if (!(e instanceof HostsFileError)) throw e;
      return [{ kind: 'detail', text: vscode.l10n.t('The npuDeploy.hosts setting is not valid: {0}', e.message), error: true }];
    }
    if (configs.length === 0) return [{ kind: 'detail', text: vscode.l10n.t('No hosts: add them in the npuDeploy.hosts setting.'), error: false }];
    const generation = ++this.generation;
    const nodes = configs.map((config) => ({ kind: 'host' as const, config, status: undefined as HostStatus | undefined }));
    for (const node of nodes) {
      probeHost(node.config, openHost(node.config)).then(
        (status) => {
          if (generation !== this.generation) return;
          node.status = status;
          this.changed.fire(node);
        },
        (e: unknown) => {
          if (generation !== this.generation) return;
          node.status = { name: node.config.name, kind: node.config.kind, reachable: false, error: vscode.l10n.t('Probing {0} failed: {1}', node.config.name, e instanceof Error ? e.message : String(e)), tools: {} };
          this.changed.fire(node);
        },
      );
    }
    return nodes;
  }
}

/** A job's log when one was kept, else its result in the Explorer, else the terminal it ran in. */
async function openJob(job: JobRecord): Promise<void> {
  if (job.log) {
    await vscode.window.showTextDocument(vscode.Uri.file(job.log), { preview: true });
    return;
  }
  const result = job.outputs.find((f) => /\.(bmodel|om)$/.test(f)) ?? job.outputs[0];
  if (result) {
    await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(result));
    return;
  }
  const terminal = job.terminal ? vscode.window.terminals.find((t) => t.name.includes(job.terminal!)) : undefined;
  if (terminal) terminal.show();
  else void vscode.window.showInformationMessage(vscode.l10n.t('The log of this job is no longer open.'));
}

export function registerHostsView(context: vscode.ExtensionContext, jobs: RecentJobs): void {
  const tree = new HostsTree(jobs);
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider(HOSTS_VIEW_ID, tree),
    vscode.commands.registerCommand('npuDeploy.refreshHosts', () => tree.refresh()),
    vscode.commands.registerCommand(OPEN_JOB_COMMAND, (job: JobRecord) => openJob(job)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('npuDeploy.hosts')) tree.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => tree.refresh()),
  );
}
