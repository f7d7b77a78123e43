// Driving the code-server workbench with playwright: the pitfalls of shared/vscode-e2e.md
// (palette race, context-menu fade-in, nested webview iframes) are handled here once.
import type { FrameLocator, Page } from 'playwright-core';

export async function waitForExplorerRow(page: Page, name: string, timeout = 60_000): Promise<void> {
  await explorerRow(page, name).waitFor({ timeout });
}

export function explorerRow(page: Page, name: string) {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label=${JSON.stringify(name)}]`);
}

/** Opens the palette and waits until `title` is offered; retries with a fresh palette (pitfall 7). */
export async function findInPalette(page: Page, title: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 5000 });
    await page.keyboard.type(title);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ timeout: 2000 });
      return;
    } catch {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`command palette never offered "${title}"`);
      await page.waitForTimeout(500);
    }
  }
}

/** Right-clicks an explorer row and clicks a context-menu item: hover first, then a slow click (pitfall 8). */
export async function explorerContextMenu(page: Page, rowName: string, item: string): Promise<void> {
  await explorerRow(page, rowName).click({ button: 'right' });
  const entry = page.locator('.context-view .action-item', { hasText: item }).first();
  await entry.waitFor({ timeout: 10_000 });
  await entry.hover();
  await entry.click({ delay: 50 });
}

/** The content frame of the visible webview that shows `text` in `selector` (pitfall 9). */
export async function webviewContent(page: Page, selector: string, text: string, timeout = 30_000): Promise<FrameLocator> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frames = page.locator('iframe.webview.ready:visible');
    const n = await frames.count();
    for (let i = 0; i < n; i++) {
      const inner = frames.nth(i).contentFrame().frameLocator('#active-frame');
      if ((await inner.locator(selector, { hasText: text }).count()) > 0) return inner;
    }
    if (Date.now() > deadline) throw new Error(`no visible webview shows ${selector} with "${text}"`);
    await page.waitForTimeout(250);
  }
}
