// The page's side of the layout worker: starts it from the bundled source and asks it typed
// requests (WorkerMethods). Cancel stops a layout the user does not want to wait for: the worker
// is terminated (a layout in progress cannot be interrupted any other way) and whatever was
// waiting fails with LAYOUT_CANCELLED; the next request starts a new worker and gives it the
// graph again. A viewer starts its worker as the page loads (warm), while the host is still
// reading the model: starting one takes chromium about a second here, and that second is then
// not in open→drawn. The worker is terminated with the page that owns it.
import layoutWorkerSource from 'worker-source:webview/layout/layoutWorker.ts';
import type { CompactGraph } from '../../src/core/graph/compactGraph';
import type { WorkerMethods } from '../../src/protocol/messages';
import { RequestClient } from '../../src/protocol/rpc';
import type { Disposable } from '../state/viewerStore';

/** The error of a request the user cancelled: not a failure to report. */
export const LAYOUT_CANCELLED = 'layout cancelled';

export class LayoutClient implements Disposable {
  private readonly url: string;
  private worker: Worker | undefined;
  private client: RequestClient<WorkerMethods> | undefined;
  /** The graph the worker was given, to give a new worker after a cancel. */
  private graph: CompactGraph | undefined;
  /** Whether the running worker has the graph (a new one does not yet). */
  private hasGraph = false;
  /** Requests not answered yet. */
  private waiting = 0;

  constructor() {
    this.url = URL.createObjectURL(new Blob([layoutWorkerSource], { type: 'text/javascript' }));
  }

  request<K extends keyof WorkerMethods & string>(method: K, params: WorkerMethods[K]['params'], transfer?: ArrayBuffer[]): Promise<WorkerMethods[K]['result']> {
    const client = this.start();
    const given = (params as { graph?: CompactGraph }).graph;
    if (given) {
      this.graph = given;
      this.hasGraph = true;
    } else if (!this.hasGraph && this.graph) {
      params = { ...params, graph: this.graph };
      this.hasGraph = true;
    }
    this.waiting++;
    const settled = () => void this.waiting--;
    const answer = client.request(method, params, transfer);
    answer.then(settled, settled);
    return answer;
  }

  /** Starts the worker now, so it is ready when the first request comes. */
  warm(): void {
    this.start();
  }

  /**
   * The page that asked is gone: a layout still running for it is stopped (a new page's requests
   * would wait behind it); an idle worker stays, warm, for the next page.
   */
  release(): void {
    if (this.waiting > 0) this.cancel();
  }

  /** Stops whatever the worker is doing; what was waiting fails with LAYOUT_CANCELLED. */
  cancel(): void {
    this.stop(LAYOUT_CANCELLED);
  }

  dispose(): void {
    this.stop('the view was closed');
    URL.revokeObjectURL(this.url);
  }

  private start(): RequestClient<WorkerMethods> {
    if (this.client) return this.client;
    const worker = (this.worker = new Worker(this.url));
    const client = (this.client = new RequestClient<WorkerMethods>((message, transfer) => worker.postMessage(message, transfer ?? [])));
    worker.addEventListener('message', (e) => client.handle(e.data));
    worker.addEventListener('error', (e) => client.dispose(`layout worker failed: ${e.message}`));
    return client;
  }

  private stop(reason: string): void {
    this.waiting = 0;
    this.worker?.terminate();
    this.client?.dispose(reason);
    this.worker = undefined;
    this.client = undefined;
    this.hasGraph = false;
  }
}
