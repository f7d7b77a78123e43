// The page's side of the layout worker: starts it from the bundled source and asks it typed
// requests (WorkerMethods). The worker is terminated with the view that owns it.
import layoutWorkerSource from 'worker-source:webview/layout/layoutWorker.ts';
import type { WorkerMethods } from '../../src/protocol/messages';
import { RequestClient } from '../../src/protocol/rpc';
import type { Disposable } from '../state/viewerStore';

export class LayoutClient implements Disposable {
  private readonly worker: Worker;
  private readonly url: string;
  private readonly client: RequestClient<WorkerMethods>;

  constructor() {
    this.url = URL.createObjectURL(new Blob([layoutWorkerSource], { type: 'text/javascript' }));
    this.worker = new Worker(this.url);
    this.client = new RequestClient<WorkerMethods>((message, transfer) => this.worker.postMessage(message, transfer ?? []));
    this.worker.addEventListener('message', (e) => this.client.handle(e.data));
    this.worker.addEventListener('error', (e) => this.client.dispose(`layout worker failed: ${e.message}`));
  }

  request<K extends keyof WorkerMethods & string>(method: K, params: WorkerMethods[K]['params'], transfer?: ArrayBuffer[]): Promise<WorkerMethods[K]['result']> {
    return this.client.request(method, params, transfer);
  }

  dispose(): void {
    this.client.dispose('the view was closed');
    this.worker.terminate();
    URL.revokeObjectURL(this.url);
  }
}
