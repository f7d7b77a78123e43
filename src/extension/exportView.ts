// "Export the view" of the model viewer: asks where to save (beside the model by default) and
// writes the SVG of the view's rectangle, drawn here by the same code as `npu-deploy draw` (with
// the chosen range coloured), or the PNG the webview took from its canvas. Local files are
// written under a temporary name and renamed (atomicWrite); other file systems (virtual
// workspaces) through workspace.fs.

import * as vscode from 'vscode';
import { CompactGraphReader, type CompactGraph } from '../core/graph/compactGraph';
import { selectCompactRange } from '../core/graph/nodeRange';
import { writeFileAtomic } from '../core/io/atomicWrite';
import { drawGraphSvg, type SvgRange } from '../core/layout/graphSvg';
import type { ExportViewParams } from '../protocol/messages';

export async function exportView(model: vscode.Uri, graph: CompactGraph | undefined, params: ExportViewParams): Promise<string | null> {
  if (params.format === 'svg' && !graph) throw new Error(vscode.l10n.t('There is no graph to export: the model could not be read.'));
  const extension = params.format;
  const stem = model.path.split('/').pop()?.replace(/\.[^.]*$/, '') || 'graph';
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export the graph view'),
    defaultUri: vscode.Uri.joinPath(model, '..', `${stem}.${extension}`),
    filters: params.format === 'svg' ? { [vscode.l10n.t('SVG image')]: ['svg'] } : { [vscode.l10n.t('PNG image')]: ['png'] },
  });
  if (!target) return null;
  const data = params.format === 'svg' ? new TextEncoder().encode(drawGraphSvg(graph!, { view: params.view, range: params.range && svgRange(graph!, params.range), expandedGroups: params.expandedGroups }).svg) : params.png;
  if (target.scheme === 'file') await writeFileAtomic(target.fsPath, data);
  else await vscode.workspace.fs.writeFile(target, data);
  const shown = target.scheme === 'file' ? target.fsPath : target.toString();
  void vscode.window.showInformationMessage(vscode.l10n.t('Exported the view to {0}', shown));
  return shown;
}

/** The webview's range, by id, through the same rule it was chosen with; nothing to colour when the rule refuses it (the model changed since). */
function svgRange(graph: CompactGraph, range: { starts: string[]; ends: string[] }): SvgRange | undefined {
  const reader = new CompactGraphReader(graph);
  const indices = (ids: string[]) => ids.flatMap((id) => reader.nodeIndex(id) ?? []);
  const starts = indices(range.starts);
  const ends = indices(range.ends);
  const selected = selectCompactRange(graph, starts, ends);
  return selected.refused ? undefined : { inside: selected.inside, starts, ends };
}
