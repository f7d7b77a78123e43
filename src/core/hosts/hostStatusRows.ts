// A probed host as the Hosts view shows it: one line for the host (its state) and a line each
// for the toolchain and the device under it, the facts `npu-deploy hosts` prints. In core (and
// through core l10n) so that the wording is unit-tested without VS Code.
import { t } from '../l10n';
import type { HostStatus } from './hostProbe';

export interface HostStatusRows {
  /** Beside the host's name. */
  state: string;
  /** Under it: the toolchain and the device, or why it could not be reached. */
  details: string[];
}

export function hostStatusRows(status: HostStatus): HostStatusRows {
  if (!status.reachable) return { state: t('unreachable'), details: [status.error ?? t('unreachable')] };
  const tools = Object.keys(status.tools);
  const toolchain =
    tools.length === 0
      ? t('toolchain: not found')
      : status.version
        ? t('toolchain: {0} ({1})', tools.join(', '), status.version)
        : t('toolchain: {0}', tools.join(', '));
  const d = status.device;
  const device = !d
    ? t('device: not found')
    : d.utilisation !== undefined
      ? t('device: {0}, memory {1} / {2} MB, {3}% busy', d.chip, d.memoryUsedMB, d.memoryTotalMB, d.utilisation)
      : t('device: {0}, memory {1} / {2} MB', d.chip, d.memoryUsedMB, d.memoryTotalMB);
  const state = tools.length === 0 ? t('reachable, no toolchain') : d ? t('ready') : t('reachable, no device');
  return { state, details: [toolchain, device] };
}
