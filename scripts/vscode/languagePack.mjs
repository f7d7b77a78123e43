// A display language other than English for code-server, with no marketplace to install the
// real language pack from (here only the npm registry and Debian are reachable).
//
// Why a pack at all: code-server's `--locale zh-cn` alone leaves VS Code in English, and with it
// vscode.env.language, which is what makes VS Code read our package.nls.zh-cn.json and our
// extension read l10n/bundle.l10n.zh-cn.json. The server resolves the locale against the
// language packs listed in <user-data-dir>/languagepacks.json and falls back to English when
// none matches (resolveNLSConfiguration in VS Code's src/vs/base/node/nls.ts).
//
// What a pack is: an extension that contributes `localizations`, whose translation files map
// VS Code's module ids and message keys to text; keys it leaves out stay English. So a small
// pack is enough to switch the language, and this one translates only the workbench strings
// around our own UI (languagePack.<locale>.json beside this file).
//
// Why languagepacks.json is written here: VS Code writes it when a pack is installed through the
// running workbench, but `code-server --install-extension` does not (coder/code-server#3372 and
// #4735), so it is written the way VS Code's LanguagePacksCache writes it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The workbench strings this project translates for `locale` (none for most locales). */
export function workbenchTranslations(locale) {
  const file = join(here, `languagePack.${locale}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
}

/**
 * Writes a language pack for `locale` into the profile (see makeProfile in codeServer.mjs) and
 * registers it, so code-server started with `--locale <locale>` on this profile runs in it.
 * Returns the pack's folder.
 */
export function addLanguagePack(profile, locale) {
  const id = `npu-deploy-dev.language-pack-${locale}`;
  const version = '0.0.1';
  const dir = join(profile.dir, `language-pack-${locale}`);
  const translations = join(dir, 'translations', 'main.i18n.json');
  mkdirSync(dirname(translations), { recursive: true });
  const contents = workbenchTranslations(locale);
  writeFileSync(translations, `${JSON.stringify({ version: '1.0.0', contents }, null, 2)}\n`);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({
    name: `language-pack-${locale}`,
    publisher: 'npu-deploy-dev',
    version,
    engines: { vscode: '^1.91.0' },
    contributes: {
      localizations: [{ languageId: locale, languageName: locale, localizedLanguageName: locale, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }],
    },
  }, null, 2)}\n`);
  // The hash names the folder the server caches the merged messages in (clp/<hash>.<locale>),
  // so it changes with the translations.
  const hash = createHash('md5').update(id).update(version).update(JSON.stringify(contents)).digest('hex');
  const packs = { [locale]: { hash, label: locale, extensions: [{ extensionIdentifier: { id }, version }], translations: { vscode: translations } } };
  writeFileSync(join(profile.userData, 'languagepacks.json'), JSON.stringify(packs));
  return dir;
}
