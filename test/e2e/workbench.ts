// Driving the code-server workbench with playwright: the pitfalls of shared/vscode-e2e.md
// (palette race, context-menu fade-in, nested webview iframes) are handled here once.
import type { FrameLocator, Page } from 'playwright-core';

export async function waitForExplorerRow(page: Page, name: string, timeout = 60_000): Promise<void> {
  await explorerRow(page, name).waitFor({ timeout });
}

export function explorerRow(page: Page, name: string) {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label=${JSON.stringify(name)}]`);
}

/** Expands a folder row of the Explorer unless it is open already (a click would close it). */
export async function expandExplorerRow(page: Page, name: string): Promise<void> {
  const row = explorerRow(page, name);
  await row.waitFor();
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  await page.locator(`.explorer-folders-view .monaco-list-row[aria-label=${JSON.stringify(name)}][aria-expanded="true"]`).waitFor();
}

/**
 * Opens the palette and waits until `title` is offered; retries with a fresh palette (pitfall 7).
 * Each try waits longer for the row than the last, since on a busy machine filtering the list
 * can itself take seconds; between tries it waits for the palette to close, not for a fixed time.
 */
export async function findInPalette(page: Page, title: string, timeout = 90_000): Promise<void> {
  const deadline = Date.now() + timeout;
  const left = () => Math.max(1000, deadline - Date.now());
  const widget = page.locator('.quick-input-widget');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await widget.waitFor({ state: 'visible', timeout: left() });
    await page.keyboard.type(title);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ timeout: Math.min(2000 * attempt, left()) });
      return;
    } catch {
      await page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: left() });
      if (Date.now() > deadline) throw new Error(`command palette never offered "${title}" in ${timeout / 1000} s (${attempt} tries)`);
    }
  }
}

/** Right-clicks an explorer row and clicks a context-menu item: hover first, then a slow click (pitfall 8). */
export async function explorerContextMenu(page: Page, rowName: string, item: string): Promise<void> {
  const entry = page.locator('.context-view .action-item', { hasText: item }).first();
  // A right-click while the Explorer re-renders its rows (a file event, the extension's
  // contributions arriving) can open the menu on a stale row or close it at once: ask again.
  for (let attempt = 1; ; attempt++) {
    await explorerRow(page, rowName).click({ button: 'right' });
    try {
      await entry.waitFor({ timeout: 15_000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
  await entry.hover();
  await entry.click({ delay: 50 });
}

/** The content frame of the visible webview that shows `text` in `selector` (pitfall 9). */
export async function webviewContent(page: Page, selector: string, text: string, timeout = 60_000): Promise<FrameLocator> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frames = page.locator('iframe.webview.ready:visible');
    const n = await frames.count();
    for (let i = 0; i < n; i++) {
      const inner = frames.nth(i).contentFrame().frameLocator('#active-frame');
      if ((await inner.locator(selector, { hasText: text }).count()) > 0) return inner;
    }
    if (Date.now() > deadline) throw new Error(`no visible webview shows ${selector} with "${text}" after ${timeout / 1000} s`);
    await page.waitForTimeout(250); // the poll's interval: frames come and go, so there is nothing to wait on
  }
}

/** The vertical scroll position of a webview's page. */
export function webviewScrollY(frame: FrameLocator): Promise<number> {
  return frame.locator('body').evaluate(() => window.scrollY);
}

