// A piece of the page with listeners or requests of its own: whoever replaces it disposes it.
import type { Disposable } from './state/viewerStore';

export interface View extends Disposable {
  readonly element: HTMLElement;
}

/** A view with nothing to clean up. */
export function staticView(element: HTMLElement): View {
  return { element, dispose: () => undefined };
}
