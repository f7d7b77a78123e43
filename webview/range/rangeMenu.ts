// The node's range menu: what a right-click (or Shift+F10) on a node offers. Shift at the
// right-click offers adding to the starts or ends instead of replacing them; a plain menu offers
// adding too once there is something to add to, and Shift held while choosing "Set as" adds.

import type { WebviewStrings } from '../../src/protocol/strings';
import { contextMenu, type MenuEntry } from '../ui';
import { RangeRole, type RangeAction, type RangeChoice } from './rangeChoice';

export function rangeMenu(options: {
  node: number;
  choice: RangeChoice;
  shift: boolean;
  strings: WebviewStrings;
  onAction: (action: RangeAction) => void;
  onClose: () => void;
}): HTMLElement {
  const { node, choice, strings: s } = options;
  const role = choice.roles[node];
  const entry = (label: string, value: RangeAction): MenuEntry => ({ label, value });
  const entries: MenuEntry[] = [];
  const canAddStart = choice.startNodes.length > 0 && role !== RangeRole.Start;
  const canAddEnd = choice.endNodes.length > 0 && role !== RangeRole.End;
  if (options.shift) {
    entries.push(entry(s.addAsStart, 'add-start'), entry(s.addAsEnd, 'add-end'));
  } else {
    entries.push(entry(s.setAsStart, 'set-start'), entry(s.setAsEnd, 'set-end'));
    if (canAddStart) entries.push(entry(s.addAsStart, 'add-start'));
    if (canAddEnd) entries.push(entry(s.addAsEnd, 'add-end'));
  }
  if (role === RangeRole.Start || role === RangeRole.End) entries.push('separator', entry(s.removeFromRange, 'remove'));
  if (!choice.empty) entries.push(...(role === RangeRole.Start || role === RangeRole.End ? [] : ['separator' as const]), entry(s.clearRange, 'clear'));
  const menu = contextMenu({
    label: s.rangeMenu,
    entries,
    onSelect: (value, shift) => {
      const action = value as RangeAction;
      if (shift && action === 'set-start') options.onAction('add-start');
      else if (shift && action === 'set-end') options.onAction('add-end');
      else options.onAction(action);
    },
    onClose: options.onClose,
  });
  menu.dataset.testid = 'range-menu';
  menu.dataset.nodeIndex = String(node);
  menu.classList.add('range-menu');
  return menu;
}
