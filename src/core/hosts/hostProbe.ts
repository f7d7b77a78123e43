// What the Hosts view and `npu-deploy hosts` say about a host, from one command: is it
// reachable, which of the vendor tools are there (after the setup line) and which version,
// and the device as bm-smi / npu-smi show it.
import { parseBmSmi, parseNpuSmi, type DeviceStatus } from './deviceTables';
import type { Host } from './host';
import type { HostConfig } from './hostsFile';
import { HostUnreachable } from './hostUnreachable';

export interface HostStatus {
  name: string;
  kind: HostConfig['kind'];
  reachable: boolean;
  /** Why not, when not reachable. */
  error?: string;
  /** Tool name → how it is run (`/opt/sdk/bin/bmnetc`, `python3 -m bmpaddle`). */
  tools: Record<string, string>;
  /** The SDK's version line, when the host's tools say it. */
  version?: string;
  device?: DeviceStatus;
}

const BINARIES = ['bmnetc', 'bmnetd', 'bmrt_test', 'bm-smi', 'atc', 'msame', 'npu-smi'];
const MODULES = ['bmpaddle', 'bmnetp', 'bmneto', 'bmnett', 'bmnetm'];

/** The probe, one shell script; every answer on a line of its own behind a `npd-` tag. */
export function probeScript(kind: HostConfig['kind']): string {
  const lines = [
    `for t in ${BINARIES.join(' ')}; do p=$(command -v "$t" 2>/dev/null) && echo "npd-tool $t $p"; done`,
    `command -v python3 >/dev/null 2>&1 && python3 -c 'import importlib.util as u
for m in (${MODULES.map((m) => `"${m}"`).join(', ')}):
    if u.find_spec(m): print("npd-tool", m, "python3 -m", m)' 2>/dev/null`,
  ];
  if (kind === 'sophon') {
    lines.push('v=$(bmrt_test --version 2>/dev/null | head -n 1) && [ -n "$v" ] && echo "npd-version $v"');
    lines.push('echo npd-device; bm-smi 2>/dev/null || true');
  } else {
    lines.push('f="${ASCEND_TOOLKIT_HOME:-/usr/local/Ascend/ascend-toolkit/latest}/version.cfg"; [ -f "$f" ] && echo "npd-version $(grep -m 1 -o "[0-9][0-9.A-Za-z]*" "$f" | head -n 1)"');
    lines.push('echo npd-device; npu-smi info 2>/dev/null || true');
  }
  return lines.join('\n');
}

export function parseProbe(config: HostConfig, output: string): HostStatus {
  const status: HostStatus = { name: config.name, kind: config.kind, reachable: true, tools: {} };
  const at = output.indexOf('npd-device\n');
  const head = at >= 0 ? output.slice(0, at) : output;
  for (const line of head.split('\n')) {
    const tool = /^npd-tool (\S+) (.+)$/.exec(line);
    if (tool) status.tools[tool[1]] = tool[2];
    const version = /^npd-version (.+)$/.exec(line);
    if (version) status.version = version[1].trim();
  }
  if (at >= 0) {
    const table = output.slice(at + 'npd-device\n'.length);
    status.device = config.kind === 'sophon' ? parseBmSmi(table) : parseNpuSmi(table);
  }
  return status;
}

export async function probeHost(config: HostConfig, host: Host): Promise<HostStatus> {
  let out = '';
  try {
    await host.run(probeScript(config.kind), { onStdout: (s) => (out += s) });
    return parseProbe(config, out);
  } catch (e) {
    if (!(e instanceof HostUnreachable)) throw e;
    return { name: config.name, kind: config.kind, reachable: false, error: e.message, tools: {} };
  } finally {
    await host.close();
  }
}
