// The Dump dialog's strings, localised on the host and sent to the page in DumpInit. `t` is
// vscode.l10n.t in the extension; tests pass their own, which is why this file does not import vscode.
import type { DumpStrings } from '../protocol/dumpMessages';
import type { Translate } from './webviewStrings';

export function dumpStrings(t: Translate): DumpStrings {
  return {
    title: t('Dump Sub-model'),
    model: t('Model File'),
    weights: t('Weight File'),
    starts: t('Start Node IDs'),
    ends: t('End Node IDs'),
    idsHint: t('Node ids as the viewer shows them, separated by commas'),
    dumpData: t('Dump Data Path'),
    offlineModel: t('Offline Model File'),
    outDir: t('Dump Output Path'),
    optional: t('optional'),
    browse: t('Browse…'),
    showGraph: t('Show Graph'),
    dump: t('Dump'),
    dumping: t('Dumping…'),
    needModel: t('Choose the model file.'),
    needStarts: t('Enter at least one start node id.'),
    needEnds: t('Enter at least one end node id.'),
    needOutDir: t('Choose the output folder.'),
    done: t('Dumped to {0}'),
    cancelled: t('The dump was cancelled; nothing was written.'),
  };
}
