// Paddle 3 writes its programs as PIR JSON (`{"base_code":{"magic":"pir",...}`). Until the PIR
// reader lands this entry recognises them, so the user hears what the file is and how to get
// the legacy format, rather than "not a model".

import { ModelFormatError, wholeFile } from '../../errors';
import { t } from '../../l10n';
import type { ModelFormat } from '../format';

/** The PIR serializer starts every program with `{"base_code":{"magic":"pir"`. */
export function looksLikePirProgram(head: Uint8Array): boolean {
  const text = new TextDecoder('latin1').decode(head.subarray(0, 256));
  return /^\s*\{\s*"base_code"\s*:\s*\{[^}]*"magic"\s*:\s*"pir"/.test(text);
}

export const paddlePirFormat: ModelFormat = {
  id: 'paddle-pir',
  sniff: (_file, head) => looksLikePirProgram(head),
  open: async (file) => {
    throw new ModelFormatError(file, wholeFile, t('this is a Paddle 3 PIR program (JSON), which this version cannot read yet; the legacy .pdmodel format can be exported from Paddle with the PIR API switched off (FLAGS_enable_pir_api=0)'));
  },
};
