// `npu-deploy hosts [--hosts FILE] [--json]`: each host of the list with what the Hosts view
// shows: reachable, the vendor tools found and their version, the device. Exit 0 when every host
// answered, 3 when one could not be reached.
import { openHost } from '../core/hosts/openHost';
import { probeHost, type HostStatus } from '../core/hosts/hostProbe';
import { loadHosts } from './hostsList';
import { parseCommandArgs } from './usage';

export async function runHosts(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, { hosts: { type: 'string' }, json: { type: 'boolean' } }, { min: 0, max: 0 });
  const hosts = await loadHosts(values.hosts);
  const statuses = await Promise.all(hosts.map((config) => probeHost(config, openHost(config))));
  process.stdout.write(values.json ? `${JSON.stringify(statuses, null, 2)}\n` : statuses.map(readableStatus).join(''));
  return statuses.every((s) => s.reachable) ? 0 : 3;
}

function readableStatus(s: HostStatus): string {
  const lines = [`${s.name}  (${s.kind})  ${s.reachable ? 'reachable' : 'unreachable'}`];
  if (!s.reachable) lines.push(`  ${s.error ?? ''}`);
  else {
    const tools = Object.keys(s.tools);
    lines.push(`  toolchain: ${tools.length > 0 ? tools.join(', ') : 'not found'}${s.version ? `  (${s.version})` : ''}`);
    const d = s.device;
    lines.push(`  device: ${d ? `${d.chip}, memory ${d.memoryUsedMB} / ${d.memoryTotalMB} MB${d.utilisation !== undefined ? `, ${d.utilisation}% busy` : ''}` : 'not found'}`);
  }
  return `${lines.join('\n')}\n`;
}
