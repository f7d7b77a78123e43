// A conversion through the real VS Code (code-server driven by headless chromium, the packaged
// VSIX): right-click a Caffe net in the Explorer → "Convert for Sophon…" → the form opens
// prefilled from the model → Convert runs the npu-deploy task on a host of npuDeploy.hosts that
// is this machine with the simulated SDK → compilation.bmodel and the reference data appear
// beside the model, and the host's recent job in the Hosts view says it succeeded. The models are
// the Caffe sample the project writes, so this runs without the model collection.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { writeCaffeSample } from '../../src/core/samples/caffeSample';
import { readBmodel } from '../simulators/bmodelFile';
import { writeSimulatedSdk } from '../support/simulatedSdk';
import { packagedCodeServer, shotsDir as shots } from './codeServerHarness';
import { expandExplorerRow, explorerContextMenu, waitForExplorerRow, webviewContent } from './workbench';

describe('conversion form in code-server', { timeout: 20 * 60_000 }, () => {
  const session = packagedCodeServer();

  it('converts a Caffe net from the Explorer through the form on a simulated local host', { timeout: 15 * 60_000 }, async () => {
    const { profile, scratch } = session.packagedProfile('convert');
    const sdk = writeSimulatedSdk(path.join(scratch, 'sdk'));
    const hosts = { hosts: [{ name: 'sim', kind: 'sophon', target: 'BM1684', setup: sdk.setup, workdir: path.join(scratch, 'work') }] };
    const ws = path.join(profile.dir, 'ws');
    const folder = path.join(ws, 'lenet net');
    mkdirSync(folder, { recursive: true });
    await writeCaffeSample(folder);
    // In the workspace's settings: code-server's window is a remote one, where the user settings'
    // machine-scoped values do not apply.
    mkdirSync(path.join(ws, '.vscode'));
    writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'npuDeploy.hosts': hosts }, null, 2));
    const { page } = await session.openWorkspace(profile, ws);
    await waitForExplorerRow(page, 'lenet net');
    await expandExplorerRow(page, 'lenet net');
    await waitForExplorerRow(page, 'lenet.prototxt');
    await explorerContextMenu(page, 'lenet.prototxt', 'Convert for Sophon…');

    const form = await webviewContent(page, 'h1', 'Convert for Sophon', 90_000).catch(async (e: Error) => {
      await page.screenshot({ path: path.join(shots, 'e2e-convert-form-missing.png') });
      throw e;
    });
    await form.locator('[data-testid="field-tool"]').waitFor();
    const value = (id: string) => form.locator(`[data-testid="field-${id}"]`).evaluate((f) => (f as HTMLElement & { value: string }).value);
    assert.equal(await value('host'), 'sim');
    assert.equal(await value('tool'), 'bmnetc');
    assert.equal(await value('target'), 'BM1684');
    assert.equal(await value('outDir'), folder);
    await page.screenshot({ path: path.join(shots, 'e2e-convert-form.png') });

    await form.locator('[data-testid="convert"]').click();
    const bmodel = path.join(folder, 'compilation.bmodel');
    // The task's terminal shows the tool's log while it runs; the status line says when it is done.
    await form.locator('[data-testid="status"]', { hasText: 'compilation.bmodel' }).waitFor({ timeout: 180_000 });
    assert.ok(existsSync(bmodel), 'no compilation.bmodel beside the model');
    assert.equal(readBmodel(readFileSync(bmodel))?.net, 'LeNetSample', 'the bmodel is the simulator\'s for this net');
    assert.deepEqual(readdirSync(folder).filter((n) => !/^lenet\.(prototxt|caffemodel)$/.test(n)).sort(), ['compilation.bmodel', 'input_ref_data.dat', 'output_ref_data.dat']);
    await page.screenshot({ path: path.join(shots, 'e2e-convert-done.png') });

    // The Hosts view lists the job under its host.
    const hostsView = page.locator('.pane-header', { hasText: 'NPU Hosts' });
    if ((await hostsView.getAttribute('aria-expanded')) !== 'true') await hostsView.click();
    await page.locator('.monaco-list-row', { hasText: 'lenet.prototxt' }).filter({ hasText: 'succeeded' }).first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(shots, 'e2e-hosts-recent-job.png') });
  });
});
