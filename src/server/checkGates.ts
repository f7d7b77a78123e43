// Language features wait for a document's check: after an edit of a 20,000-layer prototxt VS
// Code asks for the outline at once, and building 20,000 symbols (and writing them out) before
// the diagnostics went out kept the squiggles a second or more behind the edit. A request now
// waits until the check scheduled for the document has published, then reads the same version.

/** The longest a request waits for a check: a request is never stuck behind one that went wrong. */
const MAX_WAIT_MS = 2000;

export class CheckGates {
  private readonly open = new Map<string, { done: Promise<void>; release: () => void }>();

  /** A check of `uri` is scheduled: requests wait until `release`. */
  hold(uri: string): void {
    if (this.open.has(uri)) return;
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    this.open.set(uri, { done, release });
  }

  /** The checks of `uri` are done (published, or the document closed). */
  release(uri: string): void {
    this.open.get(uri)?.release();
    this.open.delete(uri);
  }

  /** Resolves once no check of `uri` is scheduled or running. */
  settled(uri: string): Promise<void> {
    const gate = this.open.get(uri);
    if (!gate) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, MAX_WAIT_MS);
      void gate.done.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
