// Sub-model export, the core of MindStudio's Dump Network for Caffe and Paddle: checks the range
// (graph/rangeSelection.ts), then writes a new `dump_result_YYYY_MM_DD_HH_MM_SS` folder under the
// output path with the format's files and dump.log. The folder is filled under a hidden temporary
// name and renamed when complete, so a failed export leaves nothing, and it never takes the name of
// anything that exists. The viewer's dialog and `npu-deploy cut` both call this.

import * as path from 'node:path';
import { ModelFormatError, wholeFile } from '../errors';
import { t } from '../l10n';
import { writeFileAtomic, writeFolderAtomic } from '../io/atomicWrite';
import { ensureFolder } from '../io/ensureFolder';
import type { FileAccess } from '../io/fileAccess';
import { nodeFileAccess } from '../io/nodeFileAccess';
import type { OpenedModel } from '../model';
import { selectRange, type RangeRefusal, type RangeSelection } from '../graph/rangeSelection';
import { writeCaffeCut } from './caffeCut';
import { writePaddleCut } from './paddleCut';
import { writePirCut } from './pirCut';
import type { CutFiles, CutResult } from './cutResult';
import { writeDumpData, type DumpDataResult } from './dumpData';
import { dumpLogText } from './dumpLog';
import { resultFolderName } from './resultFolderName';

export const DUMP_LOG = 'dump.log';

export interface CutOptions {
  /** The export's time, for the folder's name; now when absent. */
  at?: Date;
  /** A folder of dump files (golden .npy, NPU dumps) to take dump_data/ from. */
  dumpData?: string;
  /** Where the dump files are read from; the local disk when absent. */
  fs?: FileAccess;
  /**
   * Cancels the export (the dialog's progress notification, Ctrl-C in the CLI): checked between
   * files and between chunks of the big ones; the promise rejects with the signal's reason and
   * the temporary folder is removed.
   */
  signal?: AbortSignal;
}

/** The sub-model between `starts` and `ends` (node ids) written under `outDir`, or why there is none. */
export async function cutModel(model: OpenedModel, starts: readonly string[], ends: readonly string[], outDir: string, options: CutOptions = {}): Promise<CutResult | RangeRefusal> {
  const selection = selectRange(model.graph, starts, ends);
  if (selection.refused) return selection;
  const { signal } = options;
  signal?.throwIfAborted();
  const at = options.at ?? new Date();
  const parent = path.resolve(outDir);
  await ensureFolder(parent);
  let cut: CutFiles | undefined;
  let dump: DumpDataResult | undefined;
  let log = '';
  const folder = await writeFolderAtomic(
    parent,
    (attempt) => resultFolderName(at, attempt),
    async (temporary) => {
      cut = await writeFormatCut(temporary, model, selection, signal);
      if (options.dumpData !== undefined) {
        signal?.throwIfAborted();
        dump = await writeDumpData(temporary, path.resolve(options.dumpData), model.graph, selection, options.fs ?? nodeFileAccess, signal);
        cut = { ...cut, files: [...cut.files, ...dump.files], warnings: [...cut.warnings, ...dump.warnings] };
      }
    },
    // The log names the folder where it ends up, so it is written last, under that name.
    async (temporary, target) => {
      signal?.throwIfAborted();
      log = dumpLogText(target, cut!, dump?.layers);
      await writeFileAtomic(path.join(temporary, DUMP_LOG), log);
    },
  );
  return { ...cut!, files: [...cut!.files, DUMP_LOG], folder, nodes: selection.nodes, log };
}

function writeFormatCut(folder: string, model: OpenedModel, selection: RangeSelection, signal: AbortSignal | undefined): Promise<CutFiles> {
  const source = model.source;
  if (source.format === 'caffe') return writeCaffeCut(folder, model.graph, source, selection, model.name, signal);
  if (source.format === 'paddle') return writePaddleCut(folder, model.graph, source, selection, signal);
  if (source.format === 'paddle-pir') return writePirCut(folder, model.graph, source, selection, signal);
  // Checkpoint folders: no graph, nothing to cut.
  throw new ModelFormatError(model.file, wholeFile, t('cutting is not available for this model format ({0}) yet', model.format));
}
