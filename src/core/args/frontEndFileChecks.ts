// The vendor FAQ's pitfalls of bmnetp and bmnetd, found by reading the file the command names:
// bmnetp takes only a traced TorchScript module saved from the CPU (a scripted one, or one saved
// on a GPU, fails deep in the compile), and bmnetd crashes with "Unknown error" on a darknet
// .cfg with Windows line endings (its parser keeps the CR in each key and value).

import * as path from 'node:path';
import { LineIndex } from '../formats/caffe/textPositions';
import { torchScriptFacts } from '../formats/torchscript/torchScriptFacts';
import { t } from '../l10n';
import type { Reporter } from './argDiagnostic';
import type { ModelLookups } from './modelChecks';
import { knownValue, type Invocation } from './invocation';
import { spanOf } from './shellWords';

/** Whether this command's model is one of the files checked here. */
export function readsFrontEndFile(inv: Invocation): boolean {
  return inv.tool.tool === 'bmnetp' || inv.tool.tool === 'bmnetd';
}

/** Checks the file of `inv`'s model option, found from the script's folder; missing files are said by the caller's check. */
export async function checkFrontEndFile(inv: Invocation, folder: string, lookups: ModelLookups, r: Reporter): Promise<void> {
  const value = inv.tool.modelOption && knownValue(inv, inv.tool.modelOption);
  if (!value || value.text.trim() === '' || value.text.startsWith('~')) return;
  const target = path.resolve(folder, value.text);
  const stat = await lookups.stat(target);
  if (stat?.kind !== 'file') return;
  const [start, end] = spanOf(value, 0, value.text.length);
  if (inv.tool.tool === 'bmnetp') {
    const facts = await torchScriptFacts(lookups.fs, target).catch(() => undefined);
    if (!facts) return;
    if (facts.notTorchScript) {
      r.report('error', 'bmnetp.not-torchscript', start, end, t('this archive was saved with torch.save and holds no TorchScript code: bmnetp takes a module saved by torch.jit.trace(model.eval(), example).save(path).'));
      return;
    }
    if (facts.controlFlow) {
      r.report('error', 'bmnetp.scripted-module', start, end, t('this TorchScript module holds control flow ({0} in {1}), so it was made by torch.jit.script: bmnetp takes only traced modules. Save it with torch.jit.trace(model.eval(), example_input) instead.', facts.controlFlow.line, facts.controlFlow.entry));
    }
    if (facts.deviceLocation) {
      r.report('error', 'bmnetp.gpu-module', start, end, t('this TorchScript module was saved with its tensors on the GPU ({0}): bmnetp reads only CPU modules. Load it with torch.jit.load(path, map_location=\'cpu\') and save it again, or trace the model on the CPU.', facts.deviceLocation));
    }
    return;
  }
  if (!/\.cfg$/i.test(target)) return;
  const text = await lookups.fs.readText(target, 4 * 1024 * 1024).catch(() => undefined);
  if (text === undefined || !text.includes('\r\n')) return;
  r.report('error', 'bmnetd.cfg-crlf-line-endings', start, end, t('{0} has Windows line endings (CRLF): bmnetd keeps the CR in each key and value and stops with "Unknown error". Save the .cfg with LF line endings.', path.basename(target)), [
    { title: t('Convert {0} to LF line endings', path.basename(target)), edits: [{ file: target, range: new LineIndex(text).range(0, text.length), newText: text.replace(/\r\n/g, '\n') }] },
  ]);
}
