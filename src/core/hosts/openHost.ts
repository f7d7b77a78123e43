// From a hosts-list entry to a Host: this machine or SSH, with its setup line and container.
import type { Host } from './host';
import type { HostConfig } from './hostsFile';
import { ShellHost } from './shellHost';
import { SshTransport } from './sshTransport';
import { LocalTransport } from './transport';

export function openHost(config: HostConfig): Host {
  const transport = config.ssh ? new SshTransport({ name: config.name, destination: config.ssh, sshConfig: config.sshConfig }) : new LocalTransport();
  return new ShellHost(transport, { name: config.name, setup: config.setup, container: config.container });
}
