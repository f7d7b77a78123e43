// Waiting in extension-host tests: the workbench tells the extension host of tabs, editors and
// panels asynchronously, so a test asks again until the state it needs has arrived.
/**
 * Asks `f` every 100 ms until it gives a value, for up to `timeoutMs`. Tests wait for what they
 * need this way, never for a fixed time: the deadline is long because a busy 2-core machine is
 * slow, and costs nothing when the condition comes early.
 */
export async function poll<T>(what: string, f: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
