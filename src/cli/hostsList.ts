// The hosts file of `npu-deploy hosts` and `convert`: `--hosts FILE`, by default
// .vscode/npu-deploy-hosts.json in the current folder (the workspace's own list). A missing or
// malformed list is a usage problem (exit 2), named with its file and field.
import { homedir } from 'node:os';
import * as path from 'node:path';
import { HostsFileError, parseHosts, type HostConfig } from '../core/hosts/hostsFile';
import { nodeFileAccess } from '../core/io/nodeFileAccess';
import { UsageError } from './usage';

export const DEFAULT_HOSTS_FILE = path.join('.vscode', 'npu-deploy-hosts.json');

export async function loadHosts(file: string | undefined): Promise<HostConfig[]> {
  const name = file ?? DEFAULT_HOSTS_FILE;
  let text: string;
  try {
    text = await nodeFileAccess.readText(name, 1 << 20);
  } catch (e) {
    throw new UsageError(`cannot read the hosts file ${name} (${(e as { code?: string }).code ?? (e as Error).message})${file ? '' : '; give one with --hosts FILE'}`);
  }
  try {
    return parseHosts(JSON.parse(text), homedir());
  } catch (e) {
    if (e instanceof HostsFileError || e instanceof SyntaxError) throw new UsageError(`${name}: ${e.message}`);
    throw e;
  }
}
