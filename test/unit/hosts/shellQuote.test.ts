// Quoting is checked by the shell itself: each hostile word, quoted, comes back from `sh` byte
// for byte, and nothing in it runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { shellLine, shellQuote } from '../../../src/core/hosts/shellQuote';
import { tempDir } from '../../support/tempDir';

test('shellQuote: hostile words reach the command unchanged and run nothing', (t) => {
  const dir = tempDir(t, 'npu-quote-');
  const stray = path.join(dir, 'stray');
  const words = [
    '',
    'plain',
    'two words',
    "it's",
    '"double"',
    `$(touch ${stray})`,
    `\`touch ${stray}\``,
    `; touch ${stray}`,
    `a\nb`,
    '$HOME ${HOME} \\ * ? [a] ~ # & | < > !',
    '模型 目录 ünïcode',
    '-n',
    "''''",
  ];
  const line = `printf '%s\\0' ${shellLine(words)}`;
  const r = spawnSync('sh', ['-c', line]);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.deepEqual(r.stdout.toString('utf8').split('\0').slice(0, -1), words);
  assert.equal(existsSync(stray), false);
});

test('shellQuote leaves safe words bare and quotes the rest', () => {
  assert.equal(shellQuote('--model=/a/b.pdmodel'), '--model=/a/b.pdmodel');
  assert.equal(shellQuote('a b'), "'a b'");
  assert.equal(shellQuote("it's"), "'it'\\''s'");
  assert.equal(shellQuote(''), "''");
});
