// The results page's saved state read back: whatever getState returns (nothing, an older
// version's state) becomes a full ComparePageState.
import type { ComparePageState } from '../../src/protocol/compareMessages';

export function normaliseCompareState(raw: unknown): ComparePageState {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<ComparePageState>;
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const thresholds: Record<string, number> = {};
  if (s.thresholds && typeof s.thresholds === 'object') for (const [k, v] of Object.entries(s.thresholds)) if (finite(v)) thresholds[k] = v;
  const zoom = s.zoom && finite(s.zoom.x) && finite(s.zoom.y) && finite(s.zoom.k) ? { x: s.zoom.x, y: s.zoom.y, k: s.zoom.k } : null;
  return {
    tab: s.tab === 'graph' || s.tab === 'curve' ? s.tab : 'table',
    metric: typeof s.metric === 'string' ? s.metric : 'cosine',
    thresholds,
    filter: typeof s.filter === 'string' ? s.filter : '',
    failingOnly: s.failingOnly === true,
    sort: s.sort && typeof s.sort.column === 'string' ? { column: s.sort.column, descending: s.sort.descending === true } : null,
    selected: finite(s.selected) && s.selected >= 0 ? s.selected : null,
    zoom,
    resource: typeof s.resource === 'string' ? s.resource : null,
    model: typeof s.model === 'string' ? s.model : null,
  };
}
