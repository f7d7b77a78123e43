// The webview's state store: one ViewerState (tab, search, scroll, zoom, selection, expanded groups, range),
// saved with vscode.setState on every change so a tab shown again comes back as it was, and
// listened to by views that unsubscribe when they are disposed.

import type { ViewerState } from '../../src/protocol/messages';

export interface Disposable {
  dispose(): void;
}

export interface StateApi {
  getState(): unknown;
  setState(state: unknown): void;
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Whatever getState returns (nothing, an older version's state) read as a full ViewerState. */
export function normaliseState(raw: unknown): ViewerState {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<ViewerState>;
  const zoom = s.zoom && isNumber(s.zoom.x) && isNumber(s.zoom.y) && isNumber(s.zoom.k) ? { x: s.zoom.x, y: s.zoom.y, k: s.zoom.k } : null;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    view: s.view === 'overview' ? 'overview' : 'graph',
    search: typeof s.search === 'string' ? s.search : '',
    scrollTop: isNumber(s.scrollTop) ? s.scrollTop : 0,
    resource: typeof s.resource === 'string' ? s.resource : undefined,
    zoom,
    selection: strings(s.selection),
    expandedGroups: strings(s.expandedGroups),
    groupsChosen: s.groupsChosen === true,
    range: { starts: strings(s.range?.starts), ends: strings(s.range?.ends) },
  };
}

export class ViewerStore {
  private current: ViewerState;
  private readonly listeners = new Set<(state: Readonly<ViewerState>) => void>();

  constructor(private readonly api: StateApi) {
    this.current = normaliseState(api.getState());
  }

  get state(): Readonly<ViewerState> {
    return this.current;
  }

  update(patch: Partial<ViewerState>): void {
    this.current = { ...this.current, ...patch };
    this.api.setState(this.current);
    for (const listener of [...this.listeners]) listener(this.current);
  }

  subscribe(listener: (state: Readonly<ViewerState>) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
