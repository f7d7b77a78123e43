// NPU Deploy in a real VS Code: code-server 4.139.1 (VS Code 1.139.1) driven by headless Debian
// chromium. Two tests use the packaged VSIX through the UI (in English, and in Chinese on the
// workspace `npm start` opens), one runs the Mocha suite of test/exthost inside the real Node
// extension host. The first run installs code-server into .vscode-e2e/ (a few minutes, see
// README.md); later runs reuse it. Every wait is for a condition, with a deadline long enough
// for a busy 2-core machine; none is a fixed sleep.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openModel } from '../../src/core/openModel';
import { modelInfo } from '../../src/core/modelInfo';
import { repoRoot, sharedModelsRoot } from '../support/paths';
import { ifFullCorpus } from '../support/corpus';
import { launchChromium } from '../webview/viewerPage';
import { loadCodeServerModule, loadSampleWorkspaceModule, makeSampleWorkspace, type CodeServerModule, type Profile, type RunningCodeServer } from './codeServerHarness';
import { packageVsix, zipEntryModes } from './packageVsix';
import { expandExplorerRow, explorerContextMenu, explorerRow, findInPalette, waitForExplorerRow, webviewContent, webviewScrollY } from './workbench';

const shots = path.join(repoRoot, 'e2e-shots');
/** How long the extension-host Mocha suite may take (about 10 s on an idle machine). */
const SUITE_DEADLINE_MS = 6 * 60_000;

/** What the viewer must show as its heading for a file: the model name src/core reads. */
async function expectedView(file: string): Promise<{ selector: string; text: string }> {
  return { selector: '[data-testid="model-name"]', text: modelInfo(await openModel(file)).name };
}

describe('NPU Deploy in code-server', { timeout: 30 * 60_000 }, () => {
  let cs: CodeServerModule;
  let browser: Browser;
  const profiles: Profile[] = [];
  const servers: RunningCodeServer[] = [];

  const vsixOf = () => path.join(profiles.find((p) => p.dir.includes('vsix.'))?.dir ?? '', 'npu-deploy-e2e.vsix');

  /** A page whose actions wait up to 60 s (playwright's 30 s default is tight on a busy machine). */
  async function newPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(60_000);
    return page;
  }

  before(async () => {
    cs = await loadCodeServerModule();
    await cs.ensureCodeServer({ timeoutMs: 15 * 60_000 });
    browser = await launchChromium();
    mkdirSync(shots, { recursive: true });
  });

  after(async () => {
    for (const s of servers) await s.stop();
    await browser?.close();
    for (const p of profiles) p.remove();
  });

  async function start(profile: Profile, folder: string, options: { testDriver?: boolean; env?: Record<string, string>; locale?: string } = {}) {
    const server = await cs.startCodeServer({ profile, folder, ...options });
    servers.push(server);
    return server;
  }

  it('packages a VSIX with only the shipped files', { timeout: 4 * 60_000 }, () => {
    const profile = cs.makeProfile({ prefix: 'vsix' });
    profiles.push(profile);
    const { vsix, files } = packageVsix(profile.dir);
    for (const f of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/webview/main.js', 'extension/media/base.css', 'extension/dist/webview/dump.js', 'extension/media/dump.css', 'extension/dist/webview/convert.js', 'extension/media/convert.css',
      'extension/dist/webview/compare.js', 'extension/media/compare.css',
      'extension/dist/cli.js', 'extension/bin/npu-deploy', 'extension/bin/npu-deploy.cmd',
      'extension/media/viewer.css', 'extension/l10n/bundle.l10n.zh-cn.json', 'extension/package.nls.zh-cn.json', 'extension/syntaxes/prototxt.tmLanguage.json']) {
      assert.ok(files.includes(f), `${f} missing from the VSIX`);
    }
    const allowed = /^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension\/(package\.json|package\.nls(\.[a-z-]+)?\.json|readme\.md|README\.md|LICENSE(\.[a-z]+)?|license(\.[a-z]+)?|changelog\.md|dist\/(extension|server|cli|webview\/main|webview\/dump|webview\/convert|webview\/compare|webview\/layoutWorker)\.js|bin\/npu-deploy(\.cmd)?|l10n\/bundle\.l10n\.[a-z-]+\.json|syntaxes\/[\w.-]+\.json|media\/[\w.-]+))$/i;
    assert.deepEqual(files.filter((f) => !allowed.test(f)), [], 'unexpected files in the VSIX');
    // The shim the extension puts on the terminals' PATH must stay executable once installed.
    assert.equal((zipEntryModes(readFileSync(vsix)).get('extension/bin/npu-deploy') ?? 0) & 0o111, 0o111, 'bin/npu-deploy is not executable in the VSIX');
  });

  ifFullCorpus(it)('opens a .pdmodel from the Explorer in the model viewer, and offers its commands (VSIX, UI)', { timeout: 5 * 60_000 }, async () => {
    const profile = cs.makeProfile({ prefix: 'ui' });
    profiles.push(profile);
    const vsix = vsixOf();
    assert.ok(existsSync(vsix), 'the VSIX test did not produce a package');
    cs.installVsix(profile, vsix);
    const { ws, pdmodel, prototxt, longPrototxt } = makeSampleWorkspace(profile.dir);
    const server = await start(profile, ws);
    const page = await newPage();
    try {
      await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}`);
      await waitForExplorerRow(page, 'ppocrv3_det');
      // The palette offers the commands once the remote extension host has registered the
      // extension; only then is the custom editor known too. A click before that opens the
      // file as binary text (seen in 1 run of 9), so this check comes first.
      await findInPalette(page, 'NPU Deploy: Open Graph');
      await findInPalette(page, 'NPU Deploy: Show Model Summary');
      await page.keyboard.press('Escape');
      await explorerRow(page, 'ppocrv3_det').click();
      await waitForExplorerRow(page, 'model.pdmodel');
      await explorerRow(page, 'model.pdmodel').click();

      const want = await expectedView(pdmodel);
      const viewer = await webviewContent(page, want.selector, want.text, 60_000);
      assert.equal((await viewer.locator(want.selector).textContent())?.trim(), want.text);
      await page.locator('.tabs-container .tab', { hasText: 'model.pdmodel' }).waitFor();
      await page.screenshot({ path: path.join(shots, 'e2e-pdmodel-viewer.png') });

      // Explorer context menu on a prototxt: Open Graph opens the viewer beside the text.
      await explorerRow(page, 'lenet').click();
      await waitForExplorerRow(page, 'mnist_deploy.prototxt');
      await explorerContextMenu(page, 'mnist_deploy.prototxt', 'Open Graph');
      const wantLenet = await expectedView(prototxt);
      const graph = await webviewContent(page, wantLenet.selector, wantLenet.text, 60_000);
      assert.equal((await graph.locator(wantLenet.selector).textContent())?.trim(), wantLenet.text);
      await page.screenshot({ path: path.join(shots, 'e2e-prototxt-graph.png') });

      // A long node table: clicking a layer id shows the layer in the text and keeps the
      // panel's scroll (a `#` link made VS Code's webview host scroll it to the top).
      await explorerRow(page, 'squeezenet').click();
      await waitForExplorerRow(page, 'deploy.prototxt');
      await explorerContextMenu(page, 'deploy.prototxt', 'Open Graph');
      const squeeze = await openModel(longPrototxt);
      const panel = await webviewContent(page, '[data-testid="model-name"]', modelInfo(squeeze).name);
      // The viewer opens on the graph; the node table is on the Overview tab.
      await panel.getByTestId('tab-overview').click();
      const layer = squeeze.graph.nodes.filter((n) => n.location).at(-2)!;
      const link = panel.locator(`button[data-node=${JSON.stringify(layer.id)}]`);
      await link.scrollIntoViewIfNeeded();
      const scrolled = await webviewScrollY(panel);
      assert.ok(scrolled > 300, `the panel did not need scrolling to reach ${layer.id} (scrollY ${scrolled})`);
      await link.click();
      const { endLine, endColumn } = layer.location!;
      await page.locator('.statusbar-item', { hasText: `Ln ${endLine}, Col ${endColumn}` }).waitFor();
      assert.equal(await webviewScrollY(panel), scrolled, 'the panel scrolled when the layer was revealed');
      await page.screenshot({ path: path.join(shots, 'e2e-prototxt-reveal.png') });

      // No Open Graph on a file that is not a model.
      await explorerRow(page, 'readme.txt').click({ button: 'right' });
      await page.locator('.context-view .action-item').first().waitFor();
      assert.equal(await page.locator('.context-view .action-item', { hasText: 'Open Graph' }).count(), 0);
      await page.keyboard.press('Escape');
    } catch (e) {
      await page.screenshot({ path: path.join(shots, 'e2e-ui-failure.png') }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n(code-server log: ${server.logFile}; screenshot e2e-shots/e2e-ui-failure.png)`, { cause: e });
    } finally {
      await page.close();
      await server.stop();
    }
  });

  ifFullCorpus(it)('speaks Chinese in code-server run in zh-cn, on the workspace npm start opens (VSIX, UI)', { timeout: 5 * 60_000 }, async () => {
    const profile = cs.makeProfile({ prefix: 'zh' });
    profiles.push(profile);
    const vsix = vsixOf();
    assert.ok(existsSync(vsix), 'the VSIX test did not produce a package');
    cs.installVsix(profile, vsix);
    cs.addLanguagePack(profile, 'zh-cn');
    const { writeSampleWorkspace } = await loadSampleWorkspaceModule();
    const { workspaceFile, notes } = writeSampleWorkspace({ dir: path.join(profile.dir, 'sample-workspace'), cli: path.join(repoRoot, 'dist', 'cli.js'), shared: sharedModelsRoot });
    assert.match(notes.join('\n'), /^2 entries in /, 'the CLI did not write the samples');
    const server = await start(profile, workspaceFile, { locale: 'zh-cn' });
    const page = await newPage();
    try {
      await page.goto(`${server.url}/?workspace=${encodeURIComponent(workspaceFile)}`);
      // VS Code itself runs in zh-cn: the Explorer's title comes from the language pack.
      await page.locator('.sidebar .title-label', { hasText: '资源管理器' }).waitFor();

      // Our commands in the palette, titled from package.nls.zh-cn.json.
      await findInPalette(page, 'NPU Deploy: 打开计算图');
      // Then every command of ours: with more commands than rows, a near-miss query would rank
      // others above the one looked for.
      await page.keyboard.press('Control+A');
      await page.keyboard.type('>NPU Deploy: ');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: '显示模型概要' }).waitFor();
      // Each row's title is Chinese; below it VS Code adds the English name as an alias, as it
      // does for every command when the display language is not English.
      const offered = await page.locator('.quick-input-list .monaco-list-row', { hasText: 'NPU Deploy' }).allInnerTexts();
      const titles = offered.map((t) => t.split('\n')[0].trim()).sort();
      // Every one of our commands is titled in Chinese (a new command without a translation fails
      // here), the two this workspace is about among them.
      assert.ok(titles.includes('NPU Deploy: 打开计算图') && titles.includes('NPU Deploy: 显示模型概要'), JSON.stringify(offered));
      const untranslated = titles.filter((t) => !/[\u4e00-\u9fff]/.test(t.slice('NPU Deploy:'.length)));
      assert.deepEqual(untranslated, [], JSON.stringify(offered));
      await page.screenshot({ path: path.join(shots, 'e2e-zh-cn-palette.png') });
      await page.keyboard.press('Escape');

      // The shared models show their folders and README, not the *.reference.json beside them.
      const shared = 'shared models (read-only)';
      await expandExplorerRow(page, shared);
      await waitForExplorerRow(page, 'README.md');
      for (const folder of ['caffe', 'paddle', 'paddle-pir']) await waitForExplorerRow(page, folder);
      const references = await page.locator('.explorer-folders-view .monaco-list-row[aria-label$=".reference.json"]').count();
      assert.equal(references, 0, 'the Explorer lists the *.reference.json test files');

      // A sample model in the viewer, its headings from l10n/bundle.l10n.zh-cn.json.
      await expandExplorerRow(page, 'samples');
      await expandExplorerRow(page, 'paddle-classifier');
      await explorerRow(page, 'tiny_classifier.pdmodel').click();
      const want = await expectedView(path.join(path.dirname(workspaceFile), 'models', 'paddle-classifier', 'tiny_classifier.pdmodel'));
      const viewer = await webviewContent(page, want.selector, want.text);
      assert.equal(await viewer.getByTestId('framework').textContent(), '飞桨 PaddlePaddle');
      const headings = await viewer.locator('h2').allInnerTexts();
      for (const h of ['输入', '输出', '算子类型', '警告', '节点']) assert.ok(headings.some((t) => t.startsWith(h)), `no heading "${h}" in ${JSON.stringify(headings)}`);
      assert.equal(await viewer.locator('html').getAttribute('lang'), 'zh-cn');
      await page.screenshot({ path: path.join(shots, 'e2e-zh-cn-viewer.png') });
    } catch (e) {
      await page.screenshot({ path: path.join(shots, 'e2e-zh-cn-failure.png') }).catch(() => undefined);
      throw new Error(`${(e as Error).message}\n(code-server log: ${server.logFile}; screenshot e2e-shots/e2e-zh-cn-failure.png)`, { cause: e });
    } finally {
      await page.close();
      await server.stop();
    }
  });

  ifFullCorpus(it)('passes the extension-host Mocha suite (test/exthost) in the real Node extension host', { timeout: SUITE_DEADLINE_MS + 2 * 60_000 }, async (t) => {
    const profile = cs.makeProfile({ prefix: 'exthost' });
    profiles.push(profile);
    const { ws } = makeSampleWorkspace(profile.dir);
    const report = path.join(profile.dir, 'ext-tests.txt');
    const server = await start(profile, ws, { testDriver: true, env: { EXT_TEST_RESULT: report } });
    const testsIndex = path.join(repoRoot, process.env.NPU_TEST_OUT || 'out', 'test', 'exthost', 'index.js');
    assert.ok(existsSync(testsIndex), `${testsIndex} missing: build with node scripts/build.mjs --tests`);
    const remote = (p: string) => `vscode-remote://${new URL(server.url).host}${p}`;
    const payload = JSON.stringify([['extensionDevelopmentPath', remote(repoRoot)], ['extensionTestsPath', remote(testsIndex)]]);
    const page = await newPage();
    try {
      let exit: (code: number) => void = () => undefined;
      const exited = new Promise<number>((resolve) => (exit = resolve));
      // Bound before the page loads, so an early exit cannot be missed.
      await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
      await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`);
      // The suite takes about 10 s; the deadline only ends a hang, with what the report holds so far.
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([exited, new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the extension-host suite did not finish in ${SUITE_DEADLINE_MS / 1000} s (code-server log: ${server.logFile}); report so far:\n${existsSync(report) ? readFileSync(report, 'utf8') : '(none)'}`)), SUITE_DEADLINE_MS);
      })]).finally(() => clearTimeout(timer));
      const text = existsSync(report) ? readFileSync(report, 'utf8') : '(no report written)';
      for (const line of text.trim().split('\n')) t.diagnostic(line);
      assert.equal(code, 0, `extension-host tests failed:\n${text}`);
      const summary = /(\d+) passed, (\d+) failed\s*$/.exec(text);
      assert.ok(summary, `no summary in the report:\n${text}`);
      assert.ok(Number(summary[1]) >= 9 && summary[2] === "0", text);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});
