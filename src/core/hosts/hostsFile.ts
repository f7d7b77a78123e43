// The hosts list: the `npuDeploy.hosts` setting, and for the CLI a JSON file of the same shape
// (`{ "hosts": [ { "name", "kind", "target" | "socVersion", "ssh", "sshConfig", "setup",
// "container", "workdir" } ] }`). Checked field by field, so a mistake is reported by its place
// (`hosts[1].target`) rather than as a failure later on the host.
import { t } from '../l10n';

export type HostKind = 'sophon' | 'ascend';
export const SOPHON_TARGETS = ['BM1682', 'BM1684', 'BM1684X'] as const;

export interface HostConfig {
  name: string;
  kind: HostKind;
  /** Sophon: the chip `--target` names. */
  target?: string;
  /** Ascend: ATC's `--soc_version`. */
  socVersion?: string;
  /** `user@host` or an ssh config alias; absent: this machine. */
  ssh?: string;
  sshConfig?: string;
  setup?: string;
  container?: string;
  /** The folder on the host that holds uploaded models and job folders. */
  workdir: string;
}

export const DEFAULT_WORKDIR = '/tmp/npu-deploy';

export class HostsFileError extends Error {
  override readonly name = 'HostsFileError';
}

/** The hosts in `value` (a parsed JSON document), or a HostsFileError naming the first bad field. */
export function parseHosts(value: unknown, home?: string): HostConfig[] {
  if (!isObject(value) || !Array.isArray(value.hosts)) throw new HostsFileError(t('the hosts list must be an object with a "hosts" array'));
  const seen = new Set<string>();
  return value.hosts.map((entry: unknown, i: number) => {
    const at = (field: string) => `hosts[${i}]${field ? `.${field}` : ''}`;
    if (!isObject(entry)) throw new HostsFileError(t('{0} must be an object', at('')));
    const str = (field: string, required: boolean): string | undefined => {
      const v = entry[field];
      if (v === undefined && !required) return undefined;
      if (typeof v !== 'string' || v.trim() === '') throw new HostsFileError(t('{0} must be a non-empty string', at(field)));
      return v;
    };
    const name = str('name', true)!;
    if (seen.has(name)) throw new HostsFileError(t('{0}: the name "{1}" is used twice', at('name'), name));
    seen.add(name);
    const kind = entry.kind;
    if (kind !== 'sophon' && kind !== 'ascend') throw new HostsFileError(t('{0} must be "sophon" or "ascend"', at('kind')));
    const config: HostConfig = { name, kind, workdir: str('workdir', false) ?? DEFAULT_WORKDIR };
    if (kind === 'sophon') {
      const target = str('target', true)!;
      if (!(SOPHON_TARGETS as readonly string[]).includes(target)) throw new HostsFileError(t('{0} must be one of {1}', at('target'), SOPHON_TARGETS.join(', ')));
      config.target = target;
    } else {
      config.socVersion = str('socVersion', true);
    }
    const ssh = str('ssh', false);
    // ssh would read a leading '-' as an option, whitespace splits the destination.
    if (ssh !== undefined && (ssh.startsWith('-') || /\s/.test(ssh))) throw new HostsFileError(t('{0} must be a destination such as user@host, without spaces or a leading "-"', at('ssh')));
    const sshConfig = str('sshConfig', false);
    if (sshConfig !== undefined && ssh === undefined) throw new HostsFileError(t('{0} is given without "ssh"', at('sshConfig')));
    const container = str('container', false);
    if (container !== undefined && container.startsWith('-')) throw new HostsFileError(t('{0} must be a container name, not an option', at('container')));
    if (!config.workdir.startsWith('/')) throw new HostsFileError(t('{0} must be an absolute path on the host', at('workdir')));
    config.ssh = ssh;
    config.sshConfig = sshConfig && home ? sshConfig.replace(/^~(?=\/|$)/, home) : sshConfig;
    config.setup = str('setup', false);
    config.container = container;
    return config;
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
