// A language client for tests: the server as the extension starts it (dist/server.js), spoken
// to over stdio with plain LSP messages (Content-Length framing, JSON-RPC).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { repoRoot } from './paths';

const REPLY_DEADLINE_MS = 30_000;

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }
export interface LspDiagnostic { range: Range; code: string; message: string; severity: number; source: string }
type Message = { id?: number; method?: string; params?: unknown; result?: unknown; error?: { code: number; message: string } };

export class LspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiters: ((m: Message) => boolean)[] = [];
  /** Every diagnostics notification, in order of arrival, by document. */
  private readonly published = new Map<string, { version?: number; diagnostics: LspDiagnostic[] }[]>();
  readonly proc: ChildProcessWithoutNullStreams;

  constructor(server = path.join(repoRoot, 'dist', 'server.js')) {
    this.proc = spawn(process.execPath, [server, '--stdio'], { stdio: 'pipe' });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(end + 4 + length);
      if (message.method === 'textDocument/publishDiagnostics') {
        const p = message.params as { uri: string; version?: number; diagnostics: LspDiagnostic[] };
        this.published.set(p.uri, [...(this.published.get(p.uri) ?? []), { version: p.version, diagnostics: p.diagnostics }]);
      }
      const i = this.waiters.findIndex((w) => w(message));
      if (i >= 0) this.waiters.splice(i, 1);
    }
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  private waitFor<T>(match: (m: Message) => T | undefined, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      // A deadline for a message that normally comes in milliseconds; generous for a busy machine.
      const timer = setTimeout(() => reject(new Error(`language server: no ${what} within ${REPLY_DEADLINE_MS / 1000} s`)), REPLY_DEADLINE_MS);
      this.waiters.push((m) => {
        const v = match(m);
        if (v === undefined) return false;
        clearTimeout(timer);
        resolve(v);
        return true;
      });
    });
  }

  /** The result of a request; an error reply rejects with the server's message. */
  async request<T = unknown>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    const reply = this.waitFor((m) => (m.id === id ? m : undefined), `reply to ${method}`);
    this.send({ id, method, params });
    const m = await reply;
    if (m.error) throw new Error(`${method}: ${m.error.message}`);
    return (m.result ?? null) as T;
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  async initialize(locale = 'en'): Promise<{ capabilities: Record<string, unknown> }> {
    const init = await this.request<{ capabilities: Record<string, unknown> }>('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { locale } });
    this.notify('initialized', {});
    return init;
  }

  /** Opens a document and waits for its first diagnostics. */
  async open(uri: string, languageId: string, text: string): Promise<LspDiagnostic[]> {
    const published = this.diagnostics(uri);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return published;
  }

  /** The next diagnostics published for `uri` (for `version`, when given). */
  diagnostics(uri: string, version?: number): Promise<LspDiagnostic[]> {
    return this.waitFor((m) => {
      const p = m.params as { uri?: string; version?: number; diagnostics?: LspDiagnostic[] } | undefined;
      return m.method === 'textDocument/publishDiagnostics' && p?.uri === uri && (version === undefined || p.version === version) ? p.diagnostics : undefined;
    }, `diagnostics for ${uri}`);
  }

  stop(): void {
    this.proc.kill();
  }
}

/** The 0-based LSP range of the `nth` occurrence of `piece` in `text`. */
export function rangeOf(text: string, piece: string, nth = 1): Range {
  let at = -1;
  for (let k = 0; k < nth; k++) at = text.indexOf(piece, at + 1);
  assert.ok(at >= 0, `${piece} is not in the text`);
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  const character = at - (before.lastIndexOf('\n') + 1);
  return { start: { line, character }, end: { line, character: character + piece.length } };
}
