// What a Paddle 3 PIR program (`inference.json`) needs before a vendor compiler takes it: NNTC's
// bmpaddle reads only the legacy ProgramDesc (`__model__`, `*.pdmodel`) and ATC no Paddle model
// at all, so a conversion of a PIR program is refused with the documented routes instead of
// failing on the host. The flag is the environment variable Paddle reads at import
// (FLAGS_enable_pir_api=0 or False; PaddleX and PaddleOCR's export scripts honour it), so it must
// be set before `import paddle`.

import { t } from '../l10n';

/** Whether `tool` cannot take a PIR program and the job should be refused with pirRoutesMessage. */
export function refusesPirProgram(tool: string): boolean {
  return tool === 'bmpaddle' || tool === 'atc';
}

/** The refusal, naming both routes to a BM1684 and the one to an Ascend card. */
export function pirRoutesMessage(tool: string): string {
  return t(
    '{0} cannot read this Paddle 3 PIR program (.json): bmpaddle reads only the legacy program (__model__ or *.pdmodel) and ATC no Paddle model. For Sophon, either export the model again with the PIR API switched off (set FLAGS_enable_pir_api=0 in the environment before Paddle is imported) and convert the .pdmodel with bmpaddle, or convert the program to ONNX with paddle2onnx and compile that with bmneto. For Ascend, convert it to ONNX with paddle2onnx, then run ATC with --framework=5.',
    tool,
  );
}
