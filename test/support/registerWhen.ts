// Registers a test only where what it needs is at hand. This is not `skip`: a test that cannot
// run here is left out of the run rather than reported as skipped, and the `corpus: …` line of
// the run says which models were there.
type Register = (...args: never[]) => unknown;

function notRegistered(): Promise<void> {
  return Promise.resolve();
}

/** `register` itself (node:test's `test` or `it`) when `present`, otherwise a stand-in that registers nothing. */
export function registerWhen<F extends Register>(present: boolean, register: F): F {
  return present ? register : (notRegistered as unknown as F);
}
