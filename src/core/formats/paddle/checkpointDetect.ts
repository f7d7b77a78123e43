// Files people open by mistake: a training checkpoint (.pdparams / .pdopt, a Python pickle), a
// PaddleX-encrypted program, or something else entirely. Each gets a message saying what it is
// and what to do, instead of a protobuf error about wire types.

import { t } from '../../l10n';

/** What to do instead, appended to every "this is not an inference model" message. */
export function exportAdvice(): string {
  return t(
    'bmpaddle needs an inference model: a .pdmodel program with its .pdiparams weights. Export one from the training code with {0} (dynamic graph) or {1} (static graph).',
    'paddle.jit.save(model, path, input_spec=[paddle.static.InputSpec(shape=[...], dtype="float32")])',
    'paddle.static.save_inference_model(path_prefix, feed_vars, fetch_vars, exe)',
  );
}

/** The pickle protocol when `head` starts like a binary Python pickle (0x80, protocol 2-5), else undefined. */
export function pickleProtocol(head: Uint8Array): number | undefined {
  if (head.length >= 2 && head[0] === 0x80 && head[1] >= 2 && head[1] <= 5) return head[1];
  return undefined;
}

export function checkpointMessage(protocol: number, kind: 'parameters' | 'optimizer state' | 'unknown'): string {
  if (kind === 'parameters') {
    return t('this is a Paddle training checkpoint of parameters (a Python pickle, protocol {0}), not an inference model. {1}', protocol, exportAdvice());
  }
  if (kind === 'optimizer state') {
    return t('this is a Paddle training checkpoint of optimizer state (a Python pickle, protocol {0}), not an inference model. {1}', protocol, exportAdvice());
  }
  return t('this is a Paddle training checkpoint (a Python pickle, protocol {0}), not an inference model. {1}', protocol, exportAdvice());
}

export function checkpointKind(file: string): 'parameters' | 'optimizer state' | 'unknown' {
  if (/\.pdparams$/i.test(file)) return 'parameters';
  if (/\.pdopt$/i.test(file)) return 'optimizer state';
  return 'unknown';
}

/** Tags a ProgramDesc can start with: blocks (1), the 1.x op_compatible_map (3), version (4), op_version_map (5). */
const PROGRAM_FIRST_TAGS = new Set([0x0a, 0x1a, 0x22, 0x2a]);

function hex(bytes: Uint8Array, count: number): string {
  return Array.from(bytes.subarray(0, count), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * A message explaining why `bytes` cannot be a Paddle program, judged from its first bytes, or
 * undefined when they could start one (decoding then decides).
 */
export function describeForeignStart(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return t('the file is empty, not a Paddle program');
  const protocol = pickleProtocol(bytes);
  if (protocol !== undefined) return checkpointMessage(protocol, 'unknown');
  if (PROGRAM_FIRST_TAGS.has(bytes[0])) return undefined;
  const first = hex(bytes, 8);
  if (bytes[0] === 0x7b) {
    return t('this file is JSON, not a protobuf Paddle program (a Paddle 3 PIR program .json is read by the PIR reader, not this one)');
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return t('this is a zip archive (first bytes {0}), not a Paddle program; unpack it and open the .pdmodel or __model__ inside', first);
  const encrypted = bytes.length >= 8 && bytes.subarray(0, 8).every((b) => b === 0xde);
  if (encrypted) {
    return t('this file is encrypted or not a Paddle program: a Paddle program starts with a protobuf ProgramDesc (first byte 0x0a), this one starts with {0} (the PaddleX encryption marker); decrypt it with the PaddleX key it was encrypted with and export an unencrypted inference model', first);
  }
  return t('this file is encrypted or not a Paddle program: a Paddle program starts with a protobuf ProgramDesc (first byte 0x0a), this one starts with {0}', first);
}
