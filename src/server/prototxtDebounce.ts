// How long the server waits after a change to a prototxt before checking it. A check of a big
// net (20,000 layers) costs a few hundred milliseconds and cannot be interrupted, so while the
// user types it waits for a pause of DEBOUNCE_MS rather than check every keystroke, each check
// stale by the next one. A change after a pause (a value changed, a quick fix, an undo, a paste)
// is checked at once, and so is every change of a document whose checks cost next to nothing (a
// net of a few hundred layers). Keystrokes that came during a check are handled only after it,
// late by up to its cost: changes closer than TYPING_GAP_MS plus that cost count as typing.

/** The wait for a pause in typing. */
export const DEBOUNCE_MS = 300;
/** Changes closer than this are typing (about 80 words a minute). */
export const TYPING_GAP_MS = 150;
/** A check this cheap is not worth saving: the document is checked on every change. */
export const CHEAP_CHECK_MS = 25;
/** The wait when checking at once: changes sent together (several cursors) make one check. */
export const QUICK_MS = 10;

/**
 * The wait before checking, from what the document's last check cost (undefined: not checked
 * yet) and the time since its previous change.
 */
export function prototxtDebounce(lastCheckMs: number | undefined, sinceLastChangeMs: number): number {
  if (lastCheckMs === undefined) return DEBOUNCE_MS;
  if (lastCheckMs <= CHEAP_CHECK_MS || sinceLastChangeMs >= TYPING_GAP_MS + lastCheckMs) return QUICK_MS;
  return DEBOUNCE_MS;
}
