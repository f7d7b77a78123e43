// The Hosts view (Explorer): each host of the npuDeploy.hosts setting with its probed state
// (reachable; toolchain and version; device chip, memory, utilisation), the same probe as
// `npu-deploy hosts`. Probing runs the hosts' setup lines over SSH, so it happens only in a
// trusted workspace (the view is hidden otherwise), when the view is first shown, on Refresh and
// when the setting changes.
import * as vscode from 'vscode';
import { openHost } from '../core/hosts/openHost';
import { probeHost, type HostStatus } from '../core/hosts/hostProbe';
import { hostStatusRows } from '../core/hosts/hostStatusRows';
import { HostsFileError, parseHosts, type HostConfig } from '../core/hosts/hostsFile';

export const HOSTS_VIEW_ID = 'npuDeploy.hostsView';

type HostNode = { kind: 'host'; config: HostConfig; status?: HostStatus } | { kind: 'detail'; text: string; error: boolean };

class HostsTree implements vscode.TreeDataProvider<HostNode> {
  private readonly changed = new vscode.EventEmitter<HostNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: HostNode[] | undefined;
  private generation = 0;

  refresh(): void {
    this.nodes = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(node: HostNode): vscode.TreeItem {
    if (node.kind === 'detail') {
      const item = new vscode.TreeItem(node.text);
      item.tooltip = node.text;
      if (node.error) item.iconPath = new vscode.ThemeIcon('warning');
      return item;
    }
    const item = new vscode.TreeItem(node.config.name, node.status ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.description = node.status ? hostStatusRows(node.status).state : vscode.l10n.t('probing…');
    item.tooltip = node.config.ssh ?? vscode.l10n.t('this machine');
    item.iconPath = new vscode.ThemeIcon(!node.status ? 'loading~spin' : node.status.reachable ? 'vm-active' : 'vm-outline');
    return item;
  }

  getChildren(node?: HostNode): HostNode[] {
    if (node) {
      if (node.kind !== 'host' || !node.status) return [];
      return hostStatusRows(node.status).details.map((text) => ({ kind: 'detail', text, error: !node.status!.reachable }));
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

export function registerHostsView(context: vscode.ExtensionContext): void {
  const tree = new HostsTree();
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider(HOSTS_VIEW_ID, tree),
    vscode.commands.registerCommand('npuDeploy.refreshHosts', () => tree.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('npuDeploy.hosts')) tree.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => tree.refresh()),
  );
}
