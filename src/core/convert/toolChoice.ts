// Which vendor compiler a model goes to: by framework on a Sophon host (bmpaddle for Paddle,
// bmnetc for Caffe, the other bmnetX front ends by file extension), ATC on an Ascend host.
import * as path from 'node:path';
import type { HostKind } from '../hosts/hostsFile';

export const SOPHON_TOOLS = ['bmpaddle', 'bmnetc', 'bmneto', 'bmnetp', 'bmnett', 'bmnetd', 'bmnetm'] as const;
export const ASCEND_TOOLS = ['atc'] as const;

/** bmnetc and bmnetd are native binaries; the other front ends run as `python3 -m <tool>`. */
export function toolCommand(tool: string): string[] {
  return tool === 'bmnetc' || tool === 'bmnetd' || tool === 'atc' ? [tool] : ['python3', '-m', tool];
}

/** The tool for `modelPath` on a host of `kind`; undefined when no tool reads it. */
export function defaultTool(modelPath: string, framework: 'paddle' | 'caffe' | undefined, kind: HostKind): string | undefined {
  if (kind === 'ascend') return 'atc';
  if (framework === 'paddle') return 'bmpaddle';
  if (framework === 'caffe') return 'bmnetc';
  const byExtension: Record<string, string> = { '.onnx': 'bmneto', '.pt': 'bmnetp', '.pb': 'bmnett', '.cfg': 'bmnetd' };
  return byExtension[path.extname(modelPath).toLowerCase()];
}

/** Whether `tool` runs on a host of `kind`. */
export function toolFitsHost(tool: string, kind: HostKind): boolean {
  return kind === 'ascend' ? (ASCEND_TOOLS as readonly string[]).includes(tool) : (SOPHON_TOOLS as readonly string[]).includes(tool);
}
