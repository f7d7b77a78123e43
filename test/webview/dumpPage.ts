// Loads the built Dump dialog (dist/webview/dump.js + media/dump.css) into headless chromium, in
// a page that stands in for VS Code's webview as viewerPage.ts does for the viewer: a stub
// acquireVsCodeApi that records what the page posts, and the theme's --vscode-* variables.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../support/paths';
import { themes, type ThemeName } from './viewerPage';

export interface DumpPage {
  page: Page;
  /** Messages the page posted to the "host". */
  posted(): Promise<{ type: string; [k: string]: unknown }[]>;
  /** What the page last gave setState. */
  state(): Promise<unknown>;
  /** Delivers a message to the page as VS Code would. */
  send(message: unknown): Promise<void>;
  close(): Promise<void>;
}

export function openDumpPage(browser: Browser, theme: ThemeName, initialState?: unknown): Promise<DumpPage> {
  return openFormPage(browser, theme, 'dump', initialState);
}

/** A form page of ours (`dump`, `convert`): dist/webview/<name>.js with media/<name>.css. */
export async function openFormPage(browser: Browser, theme: ThemeName, name: string, initialState?: unknown): Promise<DumpPage> {
  const dir = mkdtempSync(path.join(tmpdir(), `npu-${name}-`));
  const vars = Object.entries(themes[theme]).map(([k, v]) => `${k}: ${v};`).join(' ');
  const html = `<!DOCTYPE html><html><head><meta charset="UTF-8">
<link rel="stylesheet" href="${pathToFileURL(path.join(repoRoot, 'media', 'base.css')).href}">
<link rel="stylesheet" href="${pathToFileURL(path.join(repoRoot, 'media', `${name}.css`)).href}">
<style>html { ${vars} }</style>
<script>
  window.__posted = [];
  let state = ${JSON.stringify(initialState ?? null)};
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => state, setState: (s) => { state = s; window.__state = s; } });
</script></head>
<body class="vscode-${theme}"><main id="app"></main>
<script src="${pathToFileURL(path.join(repoRoot, 'dist', 'webview', `${name}.js`)).href}"></script>
</body></html>`;
  const file = path.join(dir, `${name}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  if (errors.length) throw new Error(`${name} page script failed: ${errors.join('; ')}`);
  return {
    page,
    posted: () => page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted),
    state: () => page.evaluate(() => (window as unknown as { __state?: unknown }).__state),
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
    close: async () => {
      await page.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
