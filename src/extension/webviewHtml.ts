// The extension's webview pages (the viewer, the Dump dialog, the conversion form, the comparison
// results): each one script and its stylesheet from the extension, after the stylesheet all pages
// share (media/base.css), behind a strict CSP that lets in only what that page needs.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Pages load only the bundled scripts and the stylesheets. */
export function webviewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

interface PageSpec {
  /** dist/webview/<script> and media/<style> (linked after media/base.css). */
  script: string;
  style: string;
  title: string;
  /** CSP sources beyond scripts by nonce, styles and fonts (the viewer's images and worker). */
  extraSources?: (webview: vscode.Webview) => string[];
  /** Attributes of the page's <main>. */
  mainAttributes?: string;
}

function webviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, page: PageSpec): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', page.script));
  const base = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'base.css'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', page.style));
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    ...(page.extraSources?.(webview) ?? []),
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${base}">
<link rel="stylesheet" href="${style}">
<title>${escapeHtml(page.title)}</title>
</head>
<body>
<main id="app"${page.mainAttributes ? ` ${page.mainAttributes}` : ''}></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

/** The model viewer: its layout worker starts from a blob, and exported PNGs are data URLs. */
export function viewerHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  return webviewPage(webview, extensionUri, {
    script: 'main.js',
    style: 'viewer.css',
    title,
    extraSources: (w) => [`img-src ${w.cspSource} data:`, `worker-src ${w.cspSource} blob:`],
    mainAttributes: 'aria-live="polite"',
  });
}

/** The Dump dialog's form. */
export function dumpHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  return webviewPage(webview, extensionUri, { script: 'dump.js', style: 'dump.css', title });
}

/** The conversion form. */
export function convertHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  return webviewPage(webview, extensionUri, { script: 'convert.js', style: 'convert.css', title });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/** The comparison results page: its graph's layout worker starts from a blob, as the viewer's does. */
export function compareHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  return webviewPage(webview, extensionUri, { script: 'compare.js', style: 'compare.css', title, extraSources: (w) => [`worker-src ${w.cspSource} blob:`] });
}
