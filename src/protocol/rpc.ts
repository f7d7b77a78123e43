// Paired requests and replies over any postMessage channel (extension host ↔ webview, webview ↔
// layout worker), as vscode-hexeditor pairs them: a request carries a `messageId`, its reply
// `inReplyTo`. Each side declares the methods it answers as a map from method name to params
// and result types, so a caller gets the right result type back and a server must answer every
// method. No DOM and no Node: both ends import this file.

/** Method name → { params, result }. */
export type MethodMap = Record<string, { params: unknown; result: unknown }>;

export interface RequestMessage<M extends MethodMap = MethodMap, K extends keyof M = keyof M> {
  type: 'request';
  messageId: number;
  method: K;
  params: M[K]['params'];
}

export type ReplyMessage =
  | { type: 'reply'; inReplyTo: number; ok: true; result: unknown }
  | { type: 'reply'; inReplyTo: number; ok: false; error: string };

/** Posts a message, moving the listed buffers rather than copying them where the channel can. */
export type Post = (message: RequestMessage | ReplyMessage, transfer?: ArrayBuffer[]) => void;

/** A result with the buffers to move along with it. */
export interface Transferable<T> {
  result: T;
  transfer?: ArrayBuffer[];
}

export function isRequest(message: unknown): message is RequestMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'request';
}

export function isReply(message: unknown): message is ReplyMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'reply';
}

/** The asking side: `request` returns a promise settled by the matching reply. */
export class RequestClient<M extends MethodMap> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(private readonly post: Post) {}

  request<K extends keyof M & string>(method: K, params: M[K]['params'], transfer?: ArrayBuffer[]): Promise<M[K]['result']> {
    const messageId = this.nextId++;
    return new Promise<M[K]['result']>((resolve, reject) => {
      this.pending.set(messageId, { resolve: resolve as (value: unknown) => void, reject });
      this.post({ type: 'request', messageId, method, params }, transfer);
    });
  }

  /** Settles the request a reply answers; false when the message is not a reply of ours. */
  handle(message: unknown): boolean {
    if (!isReply(message)) return false;
    const waiting = this.pending.get(message.inReplyTo);
    if (!waiting) return false;
    this.pending.delete(message.inReplyTo);
    if (message.ok) waiting.resolve(message.result);
    else waiting.reject(new Error(message.error));
    return true;
  }

  /** Fails every request still waiting (the other side went away). */
  dispose(reason: string): void {
    for (const waiting of this.pending.values()) waiting.reject(new Error(reason));
    this.pending.clear();
  }
}

export type Handlers<M extends MethodMap> = {
  [K in keyof M]: (params: M[K]['params']) => Promise<M[K]['result'] | Transferable<M[K]['result']>> | M[K]['result'] | Transferable<M[K]['result']>;
};

/** The answering side: runs the handler of each request and posts its reply, errors included. */
export class RequestServer<M extends MethodMap> {
  constructor(
    private readonly post: Post,
    private readonly handlers: Handlers<M>,
    /** Results that carry buffers say so by being wrapped; this tells them apart. */
    private readonly isTransferable: (value: unknown) => value is Transferable<unknown> = isTransferableResult,
  ) {}

  /** Answers a request; false when the message is not one. */
  handle(message: unknown): boolean {
    if (!isRequest(message)) return false;
    const handler = this.handlers[message.method as keyof M];
    const { messageId } = message;
    if (!handler) {
      this.post({ type: 'reply', inReplyTo: messageId, ok: false, error: `no method ${String(message.method)}` });
      return true;
    }
    Promise.resolve()
      .then(() => handler(message.params as never))
      .then(
        (value) => {
          if (this.isTransferable(value)) this.post({ type: 'reply', inReplyTo: messageId, ok: true, result: value.result }, value.transfer);
          else this.post({ type: 'reply', inReplyTo: messageId, ok: true, result: value });
        },
        (e: unknown) => this.post({ type: 'reply', inReplyTo: messageId, ok: false, error: e instanceof Error ? e.message : String(e) }),
      );
    return true;
  }
}

const TRANSFERABLE = Symbol.for('npu-deploy.transferable');

/** Wraps a result whose buffers should be moved with the reply. */
export function withTransfer<T>(result: T, transfer: ArrayBuffer[]): Transferable<T> {
  return Object.assign({ result, transfer }, { [TRANSFERABLE]: true });
}

function isTransferableResult(value: unknown): value is Transferable<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TRANSFERABLE] === true;
}
