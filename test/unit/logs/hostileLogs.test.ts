// Text no tool wrote, fed to every parser: megabyte lines made to trip a backtracking regexp (runs
// of spaces inside brackets, thousands of `[a, ` or `] `, colons, glued tags), control characters,
// a huge traceback. Each parser returns a report (no throw, no hang: the test has a timeout), and
// none finds a verdict of success in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOG_TOOLS } from '../../../src/core/logs/logReport';
import { parseLog } from '../../../src/core/logs/parseLog';

const n = 1 << 18;
const spaces = ' '.repeat(n);
const HOSTILE: Record<string, string> = {
  'spaces in brackets': `[${spaces}x\n[Running]: ${spaces}x\n    (${spaces}=${spaces}x\n`,
  'bmodel tensor': `net 0: [a]  static\ninput: ${'[a, '.repeat(n / 4)}\n`,
  'runtime shape': `[BMRT][show_net_info:1] INFO:   Input 0) 'x' shape=[${spaces}x\n NetName: ${'a, Index'.repeat(n / 8)}\n`,
  'glued tags': `${'[BMRT]['.repeat(n / 7)}\n${'W11001: .'.repeat(n / 9)}\n${'.E10001: '.repeat(n / 9)}\n`,
  'closing brackets': `[${'] '.repeat(n / 2)}SIMILAR\n| ${' |'.repeat(n / 2)}\n`,
  relayed: `[INFO] b'${"'".repeat(n)}${spaces}x\n`,
  'paths and colons': `output path:${'a/'.repeat(n / 2)}\n${':'.repeat(n)}\nthroughput ${':'.repeat(n)}1\n`,
  'control characters': `${'\u0000\u0007\u001b'.repeat(n / 3)}\n`,
  traceback: `Traceback (most recent call last):\n${'  File "x", line 1\n'.repeat(20000)}`,
};

test('every parser reads hostile text to a report without success', { timeout: 120_000 }, () => {
  for (const [name, text] of Object.entries(HOSTILE)) {
    for (const tool of [...LOG_TOOLS, undefined]) {
      const report = parseLog(text, tool);
      assert.equal(report.tool, tool ?? report.tool, name);
      assert.notEqual(report.verdict, 'success', `${name} read by ${tool ?? 'detectTool'}`);
      for (const e of [...report.errors, ...report.warnings]) assert.ok(Number.isInteger(e.line) && e.line >= 1, name);
    }
  }
});
