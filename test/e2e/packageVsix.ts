// Packages the extension as `npm run package` does (vsce, which runs vscode:prepublish, the
// production build), but in a staging copy so the tests never rewrite the repository's dist/.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

const copied = ['package.json', 'package-lock.json', '.vscodeignore', 'tsconfig.json', 'tsconfig.base.json', 'scripts', 'src', 'webview', 'media', 'l10n', 'syntaxes', 'bin'];

export function packageVsix(workDir: string): { vsix: string; files: string[] } {
  const stage = mkdtempSync(path.join(workDir, 'pack.'));
  try {
    for (const name of [...copied, ...readdirSync(repoRoot).filter((n) => /^(package\.nls.*\.json|README\.md|LICENSE.*|CHANGELOG\.md)$/.test(n))]) {
      if (existsSync(path.join(repoRoot, name))) cpSync(path.join(repoRoot, name), path.join(stage, name), { recursive: true });
    }
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    const vsix = path.join(workDir, 'npu-deploy-e2e.vsix');
    const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
    const r = spawnSync(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '-o', vsix], {
      cwd: stage, encoding: 'utf8', timeout: 180_000, stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.status !== 0) throw new Error(`vsce package failed (${r.error ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
    return { vsix, files: zipEntries(readFileSync(vsix)) };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Each entry's Unix mode (the high half of its external attributes), by name. */
export function zipEntryModes(zip: Buffer): Map<string, number> {
  const modes = new Map<string, number>();
  forEachCentralEntry(zip, (name, p) => modes.set(name, zip.readUInt32LE(p + 38) >>> 16));
  return modes;
}

function forEachCentralEntry(zip: Buffer, f: (name: string, header: number) => void): void {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('bad zip central directory');
    const nameLen = zip.readUInt16LE(p + 28);
    f(zip.toString('utf8', p + 46, p + 46 + nameLen), p);
    p += 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
}

/** Names in a zip's central directory. */
export function zipEntries(zip: Buffer): string[] {
  return [...zipEntryModes(zip).keys()].sort();
}
