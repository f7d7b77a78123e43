// Loads the built viewer (dist/webview/main.js + media/viewer.css) into headless Debian chromium,
// in a page that stands in for VS Code's webview: a stub acquireVsCodeApi that records what the
// page posts, and a set of --vscode-* theme variables (light or dark).
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../support/paths';

export const chromiumPath = process.env.NPU_DEPLOY_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

/** Headless chromium with its HOME in a temp folder (it writes crash-report folders there); `extraArgs` for the benches. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const home = mkdtempSync(path.join(tmpdir(), 'npu-chromium-home-'));
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') };
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumArgs, ...extraArgs], env }).then((browser) => {
    browser.on('disconnected', () => rmSync(home, { recursive: true, force: true }));
    return browser;
  });
}

/** A few of VS Code's own colours (Light Modern, Dark Modern, Dark High Contrast) for the variables the viewer and its UI kit use. */
export const themes = {
  light: {
    '--vscode-font-family': 'system-ui, sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-editor-font-family': 'monospace',
    '--vscode-editor-font-size': '13px',
    '--vscode-foreground': '#3b3b3b',
    '--vscode-editor-background': '#ffffff',
    '--vscode-descriptionForeground': '#717171',
    '--vscode-panel-border': '#e5e5e5',
    '--vscode-textLink-foreground': '#005fb8',
    '--vscode-textLink-activeForeground': '#005fb8',
    '--vscode-list-hoverBackground': '#f2f2f2',
    '--vscode-list-activeSelectionBackground': '#e8e8e8',
    '--vscode-list-activeSelectionForeground': '#000000',
    '--vscode-charts-blue': '#1a85ff',
    '--vscode-editorWarning-foreground': '#bf8803',
    '--vscode-errorForeground': '#f85149',
    '--vscode-textCodeBlock-background': '#f8f8f8',
    '--vscode-badge-background': '#cccccc',
    '--vscode-badge-foreground': '#3b3b3b',
    '--vscode-button-background': '#005fb8',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-input-background': '#ffffff',
    '--vscode-input-foreground': '#3b3b3b',
    '--vscode-input-border': '#cecece',
    '--vscode-button-secondaryBackground': '#e5e5e5',
    '--vscode-button-secondaryForeground': '#3b3b3b',
    '--vscode-button-secondaryHoverBackground': '#cccccc',
    '--vscode-button-hoverBackground': '#0258a8',
    '--vscode-button-border': '#0000001a',
    '--vscode-settings-textInputBackground': '#ffffff',
    '--vscode-settings-textInputForeground': '#3b3b3b',
    '--vscode-settings-textInputBorder': '#cecece',
    '--vscode-input-placeholderForeground': '#767676',
    '--vscode-focusBorder': '#005fb8',
    '--vscode-panelTitle-activeForeground': '#3b3b3b',
    '--vscode-panelTitle-inactiveForeground': '#3b3b3b',
    '--vscode-panelTitle-activeBorder': '#005fb8',
    '--vscode-settings-headerBorder': '#e5e5e5',
    '--vscode-editorWidget-background': '#f8f8f8',
    '--vscode-charts-green': '#388a34',
    '--vscode-charts-orange': '#d18616',
    '--vscode-menu-background': '#ffffff',
    '--vscode-menu-foreground': '#3b3b3b',
    '--vscode-menu-border': '#cecece',
    '--vscode-menu-selectionBackground': '#005fb8',
    '--vscode-menu-selectionForeground': '#ffffff',
    '--vscode-menu-separatorBackground': '#d4d4d4',
    '--vscode-widget-shadow': '#00000029',
  },
  dark: {
    '--vscode-font-family': 'system-ui, sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-editor-font-family': 'monospace',
    '--vscode-editor-font-size': '13px',
    '--vscode-foreground': '#cccccc',
    '--vscode-editor-background': '#1f1f1f',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-panel-border': '#2b2b2b',
    '--vscode-textLink-foreground': '#4daafc',
    '--vscode-textLink-activeForeground': '#4daafc',
    '--vscode-list-hoverBackground': '#2a2d2e',
    '--vscode-list-activeSelectionBackground': '#04395e',
    '--vscode-list-activeSelectionForeground': '#ffffff',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-editorWarning-foreground': '#cca700',
    '--vscode-errorForeground': '#f85149',
    '--vscode-textCodeBlock-background': '#2b2b2b',
    '--vscode-badge-background': '#616161',
    '--vscode-badge-foreground': '#f8f8f8',
    '--vscode-button-background': '#0078d4',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-input-background': '#313131',
    '--vscode-input-foreground': '#cccccc',
    '--vscode-input-border': '#3c3c3c',
    '--vscode-button-secondaryBackground': '#313131',
    '--vscode-button-secondaryForeground': '#cccccc',
    '--vscode-button-secondaryHoverBackground': '#3c3c3c',
    '--vscode-button-hoverBackground': '#026ec1',
    '--vscode-button-border': '#ffffff12',
    '--vscode-settings-textInputBackground': '#313131',
    '--vscode-settings-textInputForeground': '#cccccc',
    '--vscode-settings-textInputBorder': '#3c3c3c',
    '--vscode-input-placeholderForeground': '#989898',
    '--vscode-focusBorder': '#0078d4',
    '--vscode-panelTitle-activeForeground': '#cccccc',
    '--vscode-panelTitle-inactiveForeground': '#9d9d9d',
    '--vscode-panelTitle-activeBorder': '#0078d4',
    '--vscode-settings-headerBorder': '#2b2b2b',
    '--vscode-editorWidget-background': '#202020',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-orange': '#d18616',
    '--vscode-menu-background': '#1f1f1f',
    '--vscode-menu-foreground': '#cccccc',
    '--vscode-menu-border': '#454545',
    '--vscode-menu-selectionBackground': '#0078d4',
    '--vscode-menu-selectionForeground': '#ffffff',
    '--vscode-menu-separatorBackground': '#454545',
    '--vscode-widget-shadow': '#0000005c',
  },
  'high-contrast': {
    '--vscode-font-family': 'system-ui, sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-editor-font-family': 'monospace',
    '--vscode-editor-font-size': '13px',
    '--vscode-foreground': '#ffffff',
    '--vscode-editor-background': '#000000',
    '--vscode-descriptionForeground': '#ffffff',
    '--vscode-panel-border': '#6fc3df',
    '--vscode-contrastBorder': '#6fc3df',
    '--vscode-textLink-foreground': '#21a6ff',
    '--vscode-textLink-activeForeground': '#21a6ff',
    '--vscode-list-activeSelectionForeground': '#ffffff',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-editorWarning-foreground': '#ff0000',
    '--vscode-errorForeground': '#f48771',
    '--vscode-textCodeBlock-background': '#000000',
    '--vscode-badge-background': '#000000',
    '--vscode-badge-foreground': '#ffffff',
    '--vscode-button-background': '#000000',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-border': '#6fc3df',
    '--vscode-button-secondaryBackground': '#000000',
    '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-settings-textInputBackground': '#000000',
    '--vscode-settings-textInputForeground': '#ffffff',
    '--vscode-settings-textInputBorder': '#6fc3df',
    '--vscode-input-placeholderForeground': '#ffffffb3',
    '--vscode-focusBorder': '#f38518',
    '--vscode-panelTitle-activeForeground': '#ffffff',
    '--vscode-panelTitle-inactiveForeground': '#ffffff',
    '--vscode-panelTitle-activeBorder': '#6fc3df',
    '--vscode-settings-headerBorder': '#6fc3df',
    '--vscode-editorWidget-background': '#0c141f',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-orange': '#d18616',
    '--vscode-menu-background': '#000000',
    '--vscode-menu-foreground': '#ffffff',
    '--vscode-menu-border': '#6fc3df',
    '--vscode-menu-selectionBorder': '#f38518',
    '--vscode-menu-selectionForeground': '#ffffff',
    '--vscode-menu-separatorBackground': '#6fc3df',
  },
} as const;

export type ThemeName = keyof typeof themes;

export interface ViewerPage {
  page: Page;
  /** Messages the page posted to the "host". */
  posted(): Promise<{ type: string; [k: string]: unknown }[]>;
  /** Delivers a message to the page as VS Code would. */
  send(message: unknown): Promise<void>;
  close(): Promise<void>;
}

/** `page`: another page built like the viewer's (dist/webview/<script>, media/<style>), such as the comparison results. */
export async function openViewerPage(browser: Browser, theme: ThemeName, initialState?: unknown, options: { deviceScaleFactor?: number; page?: { script: string; style: string } } = {}): Promise<ViewerPage> {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-viewer-'));
  const vars = Object.entries(themes[theme]).map(([k, v]) => `${k}: ${v};`).join(' ');
  const html = `<!DOCTYPE html><html><head><meta charset="UTF-8">
<link rel="stylesheet" href="${pathToFileURL(path.join(repoRoot, 'media', 'base.css')).href}">
<link rel="stylesheet" href="${pathToFileURL(path.join(repoRoot, 'media', options.page?.style ?? 'viewer.css')).href}">
<style>html { ${vars} }</style>
<script>
  window.__posted = [];
  let state = ${JSON.stringify(initialState ?? null)};
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(m),
    getState: () => state,
    setState: (s) => { state = s; window.__state = s; },
  });
</script></head>
<body class="vscode-${theme === 'high-contrast' ? 'high-contrast' : theme}"><main id="app"></main>
<script src="${pathToFileURL(path.join(repoRoot, 'dist', 'webview', options.page?.script ?? 'main.js')).href}"></script>
</body></html>`;
  const file = path.join(dir, 'viewer.html');
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: options.deviceScaleFactor });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  if (errors.length) throw new Error(`viewer script failed: ${errors.join('; ')}`);
  return {
    page,
    posted: () => page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted),
    // Typed arrays (the compact graph) cross into the page tagged, and are rebuilt there as what
    // VS Code delivers: real typed arrays in the message.
    send: (message) =>
      page.evaluate((m) => {
        const revive = (v: unknown): unknown => {
          if (Array.isArray(v)) return v.map(revive);
          if (v && typeof v === 'object') {
            const tagged = v as { __typed?: string; data?: number[] };
            if (typeof tagged.__typed === 'string') return new (globalThis as unknown as Record<string, new (d: number[]) => unknown>)[tagged.__typed](tagged.data!);
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
          }
          return v;
        };
        window.postMessage(revive(m), '*');
      }, tagTypedArrays(message)),
    close: async () => {
      await page.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function tagTypedArrays(v: unknown): unknown {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return { __typed: v.constructor.name, data: Array.from(v as unknown as ArrayLike<number>) };
  if (Array.isArray(v)) return v.map(tagTypedArrays);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tagTypedArrays(x)]));
  return v;
}

/** Counts pixels of a PNG that differ from its top-left pixel, decoded by the browser itself. */
export async function nonBackgroundPixels(page: Page, png: Buffer): Promise<{ differing: number; total: number }> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, img.width, img.height);
    let differing = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]) > 30) differing++;
    }
    return { differing, total: data.length / 4 };
  }, png.toString('base64'));
}
