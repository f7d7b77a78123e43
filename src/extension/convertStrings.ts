// The conversion form's strings, localised on the host and sent to the page in ConvertInit. `t`
// is vscode.l10n.t in the extension; tests pass their own, which is why this file does not import vscode.
import type { ConvertStrings } from '../protocol/convertMessages';
import type { Translate } from './webviewStrings';

export function convertStrings(t: Translate, kind: 'sophon' | 'ascend'): ConvertStrings {
  return {
    title: kind === 'sophon' ? t('Convert for Sophon') : t('Convert for Ascend'),
    labels: {
      host: t('Host'),
      tool: t('Compiler'),
      inputNames: t('Input names (--input_names)'),
      shapes: t('Input shapes (--shapes)'),
      outputNames: t('Output names (--output_names)'),
      descs: t('Input value ranges (--descs)'),
      netName: t('Net name (--net_name)'),
      target: t('Target chip (--target)'),
      opt: t('Optimisation level (--opt)'),
      cmp: t('Compare with a CPU reference while compiling (--cmp)'),
      statErr: t('Per-layer error statistics (BMCOMPILER_STAT_ERR)'),
      framework: t('Framework (--framework)'),
      inputShape: t('Input shapes (--input_shape)'),
      socVersion: t('Chip (--soc_version)'),
      weight: t('Weights (--weight, found beside the model)'),
      outDir: t('Output folder'),
    },
    hints: {
      shapes: '[1,3,224,224],[1,2]',
      descs: '[0,fp32,0,1],[1,int32,608,609]',
      inputShape: 'x:1,3,224,224;y:1,2',
      inputNames: 'x,im_shape',
    },
    browse: t('Browse…'),
    convert: t('Convert'),
    converting: t('Converting… (the log is in the terminal)'),
    copyCommandLine: t('Copy Command Line'),
    copied: t('The command line is on the clipboard.'),
    saveAsTask: t('Save as Task'),
    saved: t('Saved as a task in {0}'),
    succeeded: t('Converted: {0}'),
    fixErrors: t('Fix the fields marked in red first.'),
    statErrOff: t('Off'),
    statErrOn: t('On (BMCOMPILER_STAT_ERR=1)'),
    compareFailed: t('The compile failed in its compare step. Accumulated error (OCR detection, many additions or divisions, sorting ops) can cause this rather than a wrong compile: compile again with --cmp=false and verify accuracy at the application level.'),
    compileWithoutCmp: t('Compile Again with --cmp=false'),
    convertThroughOnnx: t('Convert through ONNX (paddle2onnx, then {0})'),
  };
}
