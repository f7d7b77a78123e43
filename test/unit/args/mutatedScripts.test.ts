// Whatever a script holds, the checks answer with diagnostics, never an exception, and in time
// that grows with the text: scripts cut at every place, characters of shell syntax sprinkled in
// at random (seeded, so a failure names its case), and a few hostile shapes (an unclosed quote
// or $( running to the end, one 2 MB line, 20,000 unknown options).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkScript } from '../../../src/core/args/checkScript';
import { seededRandom } from '../../support/random';

const base = [
  '#!/bin/bash',
  'M=./model  # the model folder',
  'python3 -m bmpaddle \\',
  '  --model="$M" --shapes "[1,3,224,224],[1,2]" \\',
  "  --input_names='x,y' --output_names=out --net_name=n \\",
  '  --target=BM1684 --descs "[0,int32,608,608]" --opt=1 2>&1 | tee log',
  'atc --model=m.prototxt --framework=0 --output=o --soc_version=Ascend310 --input_shape="data:1,3,a,224;b:1"',
  'calibration_use_pb quantize -model=a -weights=b -th_method=KL -th_method=X <<EOF',
  'not a command',
  'EOF',
  'bmnetc.compile(model="d.prototxt", weight=w, shapes=[[1,3,8,8]], target="bm1684")',
  '',
].join('\n');
const SYNTAX = ['"', "'", '\\', '\n', '$', '$(', '`', '#', '[', ']', ',', '=', '-', '\u2013', ';', '|', '<<', '{', '}', '(', ')', ' '];

async function checkBoth(text: string): Promise<void> {
  for (const file of ['/tmp/m.sh', '/tmp/m.py']) {
    const found = await checkScript(file, text);
    for (const d of found) {
      assert.ok(d.range.line >= 1 && d.range.column >= 1, JSON.stringify(d));
      assert.ok(d.range.endLine > d.range.line || (d.range.endLine === d.range.line && d.range.endColumn >= d.range.column), JSON.stringify(d));
      assert.equal(typeof d.message, 'string');
    }
  }
}

describe('scripts mutated and hostile', () => {
  it('a script cut at every place gives well-placed diagnostics', async () => {
    for (let end = 0; end <= base.length; end++) await checkBoth(base.slice(0, end));
  });

  it('a script with shell syntax sprinkled in at random gives well-placed diagnostics', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = seededRandom(seed);
      let text = base;
      for (let k = 0; k < 1 + Math.floor(random() * 6); k++) {
        const at = Math.floor(random() * text.length);
        text = text.slice(0, at) + SYNTAX[Math.floor(random() * SYNTAX.length)] + text.slice(at);
      }
      await checkBoth(text).catch((e: Error) => assert.fail(`seed ${seed}: ${e.message}`));
    }
  });

  it('reads hostile scripts and counts what it finds', async () => {
    const unclosed = await checkScript('/tmp/q.sh', `python3 -m bmpaddle --model="${'x'.repeat(100_000)}`);
    // The quote runs to the end: --model is given, the five other required options are not.
    assert.deepEqual(unclosed.map((d) => d.message), ['shapes', 'input_names', 'output_names', 'net_name', 'target'].map((o) => `bmpaddle needs --${o}`));
    const subshell = await checkScript('/tmp/s.sh', `echo $(${'('.repeat(50_000)}`);
    assert.deepEqual(subshell, []);
    const longLine = await checkScript('/tmp/l.sh', `bmnetc --model=a --weight=b --target=BM1684 --shapes="[${'1,'.repeat(1_000_000)}1]"`);
    assert.deepEqual(longLine, []);
    const unknown = await checkScript('/tmp/u.sh', `bmnetc --model=a --weight=b --target=BM1684 ${Array.from({ length: 20_000 }, (_, i) => `--zz${i}=1`).join(' ')}`);
    assert.equal(unknown.length, 20_000);
    assert.ok(unknown.every((d) => d.code === 'bmnetc.unknown-option'));
  });
});
