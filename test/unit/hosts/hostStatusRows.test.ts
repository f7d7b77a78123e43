// The Hosts view's lines for a probed host, and its contribution: the view in the Explorer of a
// trusted workspace, with Refresh in its title bar.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { configureCoreL10n } from '../../../src/core/l10n';
import { parseProbe } from '../../../src/core/hosts/hostProbe';
import { hostStatusRows } from '../../../src/core/hosts/hostStatusRows';
import { repoRoot } from '../../support/paths';

const bm = { name: 'bm', kind: 'sophon' as const, target: 'BM1684', workdir: '/w' };

test('a ready host shows its toolchain with version and its device with memory and utilisation; a host without SDK or device says which', () => {
  const ready = hostStatusRows({ name: 'bm', kind: 'sophon', reachable: true, tools: { bmnetc: '/opt/bin/bmnetc', bmrt_test: '/opt/bin/bmrt_test' }, version: 'libsophon 0.4.9', device: { chip: '1684X-SC7', memoryUsedMB: 1219, memoryTotalMB: 10694, utilisation: 12 } });
  assert.deepEqual(ready, { state: 'ready', details: ['toolchain: bmnetc, bmrt_test (libsophon 0.4.9)', 'device: 1684X-SC7, memory 1219 / 10694 MB, 12% busy'] });
  const noDevice = hostStatusRows({ name: 'sdk', kind: 'ascend', reachable: true, tools: { atc: '/usr/local/Ascend/bin/atc' }, device: undefined });
  assert.deepEqual(noDevice, { state: 'reachable, no device', details: ['toolchain: atc', 'device: not found'] });
  const bare = hostStatusRows({ name: 'x', kind: 'sophon', reachable: true, tools: {}, device: { chip: '310P3', memoryUsedMB: 1, memoryTotalMB: 2 } });
  assert.deepEqual(bare, { state: 'reachable, no toolchain', details: ['toolchain: not found', 'device: 310P3, memory 1 / 2 MB'] });
  assert.deepEqual(hostStatusRows({ name: 'x', kind: 'sophon', reachable: false, error: 'host x refused the connection', tools: {} }), { state: 'unreachable', details: ['host x refused the connection'] });
});

test('the rows of a probe\'s own output, and in Chinese', () => {
  const status = parseProbe(bm, '');
  assert.equal(hostStatusRows(status).details[0], 'toolchain: not found');
  const zh = JSON.parse(readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8'));
  configureCoreL10n(zh);
  try {
    assert.deepEqual(hostStatusRows({ name: 'x', kind: 'sophon', reachable: true, tools: {}, device: undefined }), { state: '可连接，无工具链', details: ['工具链：未找到', '设备：未找到'] });
  } finally {
    configureCoreL10n(undefined);
  }
});

test('the Hosts view: in the Explorer, trusted workspaces only, Refresh in its title bar, names in Chinese', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const view = pkg.contributes.views.explorer.find((v: { id: string }) => v.id === 'npuDeploy.hostsView');
  assert.equal(view.when, 'isWorkspaceTrusted');
  const refresh = pkg.contributes.menus['view/title'].find((m: { command: string }) => m.command === 'npuDeploy.refreshHosts');
  assert.equal(refresh.when, 'view == npuDeploy.hostsView');
  assert.equal(pkg.contributes.commands.find((c: { command: string }) => c.command === 'npuDeploy.refreshHosts').enablement, 'isWorkspaceTrusted');
  const nls = JSON.parse(readFileSync(path.join(repoRoot, 'package.nls.zh-cn.json'), 'utf8'));
  for (const key of [view.name, pkg.contributes.commands.find((c: { command: string }) => c.command === 'npuDeploy.refreshHosts').title]) assert.ok(nls[key.replace(/%/g, '')], key);
});
