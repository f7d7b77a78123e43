// The graph tools' Export button: a menu of SVG and PNG. SVG asks the host to draw the rectangle
// the view shows (graphSvg.ts, the `npu-deploy draw` picture, light theme, selectable text); PNG
// sends the canvas's pixels as they are (theme, selection and range colours included). The host
// asks where to save and says where it saved, or why it could not.

import type { HostMethods } from '../../src/protocol/messages';
import type { RequestClient } from '../../src/protocol/rpc';
import type { WebviewStrings } from '../../src/protocol/strings';
import { button, contextMenu } from '../ui';
import type { View } from '../view';
import type { GraphView } from './graphView';

export function exportButton(options: { graph: GraphView; host: RequestClient<HostMethods>; strings: WebviewStrings; range: () => { starts: string[]; ends: string[] } | undefined }): View {
  const { graph, host, strings: s } = options;
  let menu: HTMLElement | undefined;
  const exportAs = async (format: string) => {
    if (format === 'svg') {
      const view = graph.viewRect();
      if (view) await host.request('exportView', { format: 'svg', view, range: options.range(), expandedGroups: graph.expandedGroups() });
    } else if (format === 'png') {
      await host.request('exportView', { format: 'png', png: await graph.png() });
    }
  };
  const element = button({
    label: s.exportView,
    secondary: true,
    onClick: () => {
      menu?.remove();
      const at = element.getBoundingClientRect();
      const opened = contextMenu({
        label: s.exportView,
        entries: [{ label: s.exportSvg, value: 'svg' }, { label: s.exportPng, value: 'png' }],
        // The host reports a failed write itself; a dropped reply (the panel closing) needs no word.
        onSelect: (value) => void exportAs(value).catch(() => undefined),
        onClose: () => {
          if (menu === opened) menu = undefined;
          opened.remove();
        },
      });
      opened.dataset.testid = 'export-menu';
      opened.classList.add('export-menu');
      // Under the button, its right edge at the button's, so it stays inside a narrow panel.
      opened.style.top = `${at.bottom + 2}px`;
      opened.style.right = `${Math.max(0, document.documentElement.clientWidth - at.right)}px`;
      menu = opened;
      document.body.append(opened);
    },
  });
  element.dataset.testid = 'export-view';
  return { element, dispose: () => menu?.remove() };
}
