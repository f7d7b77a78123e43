// A host that cannot be reached is neither the model's fault nor the tool's: the CLI exits 3 for
// it and the extension offers to check the connection. OpenSSH says why only in its stderr (with
// exit status 255), so the reason is read from there.
import { oneLine } from '../errors';
import { t } from '../l10n';

export type UnreachableReason = 'refused' | 'host-key' | 'auth' | 'lost' | 'timeout' | 'unresolved' | 'other';

export class HostUnreachable extends Error {
  override readonly name = 'HostUnreachable';
  constructor(
    readonly host: string,
    readonly reason: UnreachableReason,
    /** What ssh itself said, last line first-hand, for the log. */
    readonly detail: string,
  ) {
    super(unreachableMessage(host, reason, detail));
  }
}

/** The reason ssh's stderr gives for a failed connection (exit status 255). */
export function sshFailureReason(stderr: string): UnreachableReason {
  if (/Connection refused/i.test(stderr)) return 'refused';
  if (/Host key verification failed|host key for .* (?:is not known|has changed)|No \S+ host key is known|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(stderr)) return 'host-key';
  if (/Permission denied|Too many authentication failures|no more authentication methods/i.test(stderr)) return 'auth';
  if (/Could not resolve hostname|Name or service not known|nodename nor servname/i.test(stderr)) return 'unresolved';
  if (/timed out/i.test(stderr)) return 'timeout';
  if (/closed by remote host|Connection reset|Broken pipe|read header failed|client_loop|Connection closed|Connection to .* closed|mux_client/i.test(stderr)) return 'lost';
  return 'other';
}

function unreachableMessage(host: string, reason: UnreachableReason, detail: string): string {
  const said = oneLine(lastLine(detail));
  switch (reason) {
    case 'refused':
      return t('host {0} refused the connection (is sshd running, and is the port right?): {1}', host, said);
    case 'host-key':
      return t('host {0}: its host key is not known or has changed, and host keys are never accepted automatically; connect once with ssh in a terminal and check the fingerprint: {1}', host, said);
    case 'auth':
      return t('host {0}: authentication failed (no password is asked for: use a key, or the agent): {1}', host, said);
    case 'lost':
      return t('the connection to host {0} was lost: {1}', host, said);
    case 'timeout':
      return t('host {0} did not answer in time: {1}', host, said);
    case 'unresolved':
      return t('host {0}: the host name could not be resolved: {1}', host, said);
    case 'other':
      return t('host {0} could not be reached: {1}', host, said);
  }
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}
