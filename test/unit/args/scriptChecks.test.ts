// The argument checks on command lines alone (no model): each case a script, the diagnostics it
// must give (code, 1-based line, column and end column) and, where one is offered, the quick
// fix's edit. Shell and Python calls, and the forms the vendor documents that must pass clean.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkScript } from '../../../src/core/args/checkScript';
import { offsetAt, type ArgDiagnostic } from '../../../src/core/args/argDiagnostic';
import { assertDeepEqualShowingAll } from '../../support/showAll';

const placed = (ds: ArgDiagnostic[]) => ds.map((d) => [d.code, d.range.line, d.range.column, d.range.endColumn]);
const fixOf = (d: ArgDiagnostic) => d.fixes?.[0]?.edits.map((e) => [e.range.line, e.range.column, e.range.endColumn, e.newText]);

/** Where a piece of the text is: 1-based line, column and end column of its `nth` occurrence. */
function span(text: string, needle: string, nth = 1): [number, number, number] {
  let at = -1;
  for (let k = 0; k < nth; k++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} is not in the text`);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - (before.lastIndexOf('\n') + 1) + 1;
  return [line, column, column + needle.length];
}

/** A diagnostic expected on a piece of the text: [code, piece] or [code, piece, nth occurrence]. */
type Expected = [string, string] | [string, string, number];
/** A fix's edit on a piece of the text: [piece, new text] or [piece, new text, nth occurrence]. */
type ExpectedEdit = [string, string] | [string, string, number];

interface Case {
  name: string;
  file?: string;
  text: string;
  expect: Expected[];
  /** The first diagnostic's first fix. */
  fix?: ExpectedEdit[];
  /** The text once the first diagnostic's first fix is applied. */
  applied?: string;
  severities?: string[];
  message?: RegExp;
}

/** `text` with a fix's edits made (1-based lines and columns, end exclusive). */
function applyFix(text: string, d: ArgDiagnostic): string {
  const edits = (d.fixes?.[0]?.edits ?? []).map((e) => ({ from: offsetAt(text, e.range.line, e.range.column), to: offsetAt(text, e.range.endLine, e.range.endColumn), newText: e.newText }));
  edits.sort((a, b) => b.from - a.from);
  return edits.reduce((out, e) => out.slice(0, e.from) + e.newText + out.slice(e.to), text);
}

const ok = 'python3 -m bmpaddle --model=./m --shapes=[1,3,224,224] --input_names=x --output_names=y --net_name=n --target=BM1684';

const cases: Case[] = [
  { name: 'a clean bmpaddle call', text: ok, expect: [] },
  {
    name: 'an en dash pasted from the manual, replaced by two hyphens',
    text: ok.replace('--model', '\u2013model'),
    expect: [['bmpaddle.dash-option', '\u2013']],
    fix: [['\u2013', '--']],
    message: /en dash \(U\+2013\)/,
  },
  { name: 'an en dash followed by a hyphen', text: ok.replace('--target', '\u2013-target'), expect: [['bmpaddle.dash-option', '\u2013-']], fix: [['\u2013-', '--']] },
  { name: 'an em dash', text: ok.replace('--net_name', '\u2014net_name'), expect: [['bmpaddle.dash-option', '\u2014']], message: /em dash/ },
  {
    name: 'an unknown option with a near name (and the real one then missing)',
    text: ok.replace('--output_names', '--output_name'),
    expect: [['bmpaddle.missing-option', 'python3 -m bmpaddle'], ['bmpaddle.unknown-option', '--output_name']],
    message: /needs --output_names/,
  },
  { name: 'the near name offered as a fix', text: `${ok} --out_dir=o`, expect: [['bmpaddle.unknown-option', '--out_dir']], fix: [['out_dir', 'outdir']], message: /did you mean --outdir\?/ },
  { name: 'an unknown option with no near name', text: `${ok} --frobnicate=1`, expect: [['bmpaddle.unknown-option', '--frobnicate']] },
  { name: 'a single dash to a Python front end', text: ok.replace('--net_name', '-net_name'), expect: [['bmpaddle.single-dash', '-net_name']], fix: [['-', '--', 10]] },
  { name: 'a missing required option', text: ok.replace(' --net_name=n', ''), expect: [['bmpaddle.missing-option', 'python3 -m bmpaddle']], message: /needs --net_name/ },
  { name: 'a duplicate option', text: `${ok} --opt=1 --opt 2`, expect: [['bmpaddle.duplicate-option', '--opt', 2]], fix: [[' --opt 2', '']] },
  {
    name: 'a duplicate on its own continuation line goes with the line break before it',
    text: `${ok} \\\n  --opt=1 \\\n  --opt=2 \\\n  --dyn=False\n`,
    expect: [['bmpaddle.duplicate-option', '--opt', 2]],
    applied: `${ok} \\\n  --opt=1 \\\n  --dyn=False\n`,
  },
  {
    name: 'a duplicate Python keyword goes with its comma',
    file: '/tmp/c.py',
    text: 'bmnetc.compile(model="d.prototxt", weight="d.caffemodel", target="BM1684", opt=1, opt=2)',
    expect: [['bmnetc.duplicate-option', 'opt', 2]],
    fix: [[', opt=2', '']],
  },
  { name: '--opt not 0/1/2', text: `${ok} --opt=3`, expect: [['bmpaddle.bad-value', '3', 3]] },
  { name: '--cmp not a boolean', text: `${ok} --cmp maybe`, expect: [['bmpaddle.bad-value', 'maybe']] },
  { name: '--dyn not a boolean', text: `${ok} --dyn=yes`, expect: [['bmpaddle.bad-value', 'yes']] },
  { name: 'a lower-case target', text: ok.replace('BM1684', 'bm1684x'), expect: [['bmpaddle.unknown-target', 'bm1684x']], fix: [['bm1684x', 'BM1684X']] },
  { name: 'a value left out', text: `${ok} --outdir`, expect: [['bmpaddle.missing-value', '--outdir']] },
  { name: 'shapes with a bad dimension', text: ok.replace('[1,3,224,224]', '"[1,3,22x,224]"'), expect: [['bmpaddle.shapes-syntax', '22x']], message: /22x is not a whole number/ },
  { name: 'a shape not closed', text: ok.replace('[1,3,224,224]', '"[1,3,224,224"'), expect: [['bmpaddle.shapes-syntax', '[', 1]] },
  { name: 'two shapes for one input name', text: ok.replace('[1,3,224,224]', '"[1,3,224,224],[1,2]"'), expect: [['bmpaddle.shapes-count', '[1,3,224,224],[1,2]']] },
  {
    name: 'an empty integer range in --descs, pinned by the fix',
    text: `${ok} --descs "[0,int32,608,608]"`,
    expect: [['bmpaddle.descs-range', '608,608']],
    fix: [['608', '609', 2]],
    message: /half-open.*write 608,609/,
  },
  { name: 'a --descs index past the inputs', text: `${ok} --descs "[1,int32,0,8]"`, expect: [['bmpaddle.descs-index', '1', 3]] },
  { name: 'an unknown --descs dtype', text: `${ok} --descs "[0,int9,0,8]"`, expect: [['bmpaddle.descs-dtype', 'int9']] },
  { name: 'a misspelt --descs dtype, mended by the fix', text: `${ok} --descs "[0,int23,0,8]"`, expect: [['bmpaddle.descs-dtype', 'int23']], fix: [['int23', 'int32']] },
  { name: '--descs that is not [index,dtype,lower,upper]', text: `${ok} --descs "[0,int32,0]"`, expect: [['bmpaddle.descs-syntax', '[0,int32,0]']] },
  {
    name: 'line continuations, comments and quotes keep their places',
    text: 'python3 -m bmpaddle \\\n  --model="./m" \\\n  --shapes "[1, 3, 224, 224]" \\\n  --input_names=x --output_names y \\\n  --net_name n --target BM1864  # a typo\n',
    expect: [['bmpaddle.unknown-target', 'BM1864']],
  },
  { name: '$VAR values are never judged', text: 'python3 -m bmpaddle --model=$M --shapes "[$B,3,224,224]" --input_names=$IN --output_names "${OUT}" --net_name n --target $TARGET --opt $OPT', expect: [] },
  { name: '"$@" may hold the required options', text: 'python3 -m bmpaddle --model=./m "$@"', expect: [] },
  { name: 'bmnetc needs --weight (Caffe)', text: 'bmnetc --model=deploy.prototxt --target=BM1684 --outdir=out', expect: [['bmnetc.missing-option', 'bmnetc']], message: /needs --weight/ },
  { name: 'gflags single-dash forms of bmnetu', text: 'bmnetu -model=a_deploy_int8_unique_top.prototxt -weight=a.int8umodel -prec=INT8 -cmp=1 -dyn=0 -max_n 1', expect: [] },
  { name: 'ATC: a Caffe model without --weight', text: 'atc --model=r.prototxt --framework=0 --output=r --soc_version=Ascend310', expect: [['atc.missing-weight', '0']] },
  { name: 'ATC: an unknown framework', text: 'atc --model=r.onnx --framework=2 --output=r --soc_version=Ascend310', expect: [['atc.unknown-framework', '2']] },
  { name: 'ATC: an unknown soc_version', text: 'atc --model=r.onnx --framework=5 --output=r --soc_version=Ascend301', expect: [['atc.unknown-soc-version', 'Ascend301']], fix: [['Ascend301', 'Ascend310']] },
  { name: 'ATC: mode 0 without --output', text: 'atc --model=r.onnx --framework=5 --soc_version=Ascend310P3', expect: [['atc.missing-option', 'atc']] },
  { name: 'ATC: --input_shape without a colon', text: 'atc --model=r.onnx --framework=5 --output=r --soc_version=Ascend310 --input_shape="images;1,3,640,640"', expect: [['atc.input-shape-syntax', 'images']] },
  { name: 'ATC: --input_shape with a float', text: 'atc --model=r.onnx --framework=5 --output=r --soc_version=Ascend310 --input_shape="images:1,3,640.5,640"', expect: [['atc.input-shape-syntax', '640.5']] },
  {
    name: 'calibration: -th_method twice, the second dropped by the fix',
    text: 'calibration_use_pb quantize -model=a.prototxt -weights=a.fp32umodel -th_method=KL -th_method=ADMM',
    expect: [['calibration_use_pb.th-method-repeated', '-th_method', 2]],
    fix: [[' -th_method=ADMM', '']],
  },
  {
    name: 'ATC and calibration: an option their tables do not know is a warning (their option sets vary), a near miss an error',
    text: 'atc --model=r.onnx --framework=5 --output=r --soc_version=Ascend310 --new_flag=1 --input_shap="x:1"\ncalibration_use_pb quantize -model=a -weights=b -future_flag=1',
    expect: [['atc.unknown-option', '--new_flag'], ['atc.unknown-option', '--input_shap'], ['calibration_use_pb.unknown-option', '-future_flag']],
    severities: ['warning', 'error', 'warning'],
  },
  { name: 'calibration: an unknown method', text: 'calibration_use_pb quantize -model=a.prototxt -weights=a.fp32umodel -th_method=MEAN', expect: [['calibration_use_pb.unknown-th-method', 'MEAN']] },
  { name: 'redirections and pipes are not arguments', text: `${ok} 2>&1 | tee log.txt > /dev/null`, expect: [] },
  { name: 'sudo, env assignments and if before the command', text: `if GLOG_v=4 sudo ${ok.replace('BM1684', 'BM1685')}; then echo ok; fi`, expect: [['bmpaddle.unknown-target', 'BM1685']] },
  {
    name: 'Python: bmpaddle.compile keywords',
    file: '/tmp/c.py',
    text: 'import bmpaddle\nbmpaddle.compile(\n    model="./m",\n    shapes=[[1, 3, 224, 224]],\n    input_names=["x"],\n    output_names=["y"],\n    net_name="n",\n    target="BM1684",\n    descs="[0,int32,608,608]",\n    cmp=True,\n)\n',
    expect: [['bmpaddle.descs-range', '608,608']],
    fix: [['608', '609', 2]],
  },
  {
    name: 'Python: an unknown keyword and a missing one',
    file: '/tmp/c.py',
    text: 'bmnetc.compile(model="d.prototxt", weight="d.caffemodel", targt="BM1684")',
    expect: [['bmnetc.missing-option', 'bmnetc.compile'], ['bmnetc.unknown-option', 'targt']],
    message: /needs target/,
  },
  {
    name: 'Python: a call in a comment or a string is no call',
    file: '/tmp/c.py',
    text: '# bmnetc.compile(model="d.prototxt", targt="x")\nprint("bmnetc.compile(targt=1)")\n',
    expect: [],
  },
  { name: 'a shebang makes a script of a file without extension', file: '/tmp/compile', text: `#!/usr/bin/env bash\n${ok} --opt=9`, expect: [['bmpaddle.bad-value', '9']] },
  {
    name: 'Windows line endings in a shell script, converted by the fix',
    text: `#!/bin/bash\r\n${ok} \\\r\n  --opt=1\r\n`,
    expect: [['script.crlf-line-endings', '\r']],
    applied: `#!/bin/bash\n${ok} \\\n  --opt=1\n`,
    message: /Windows line endings/,
  },
  { name: 'a file that is no script is not read', file: '/tmp/notes.txt', text: ok.replace('--model', '\u2013model'), expect: [] },
];

describe('compiler argument checks on the command line alone', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const found = await checkScript(c.file ?? '/tmp/compile.sh', c.text);
      const expected = c.expect.map(([code, piece, nth]) => [code, ...span(c.text, piece, nth)]);
      assertDeepEqualShowingAll(placed(found), expected, 'diagnostics', found);
      if (c.fix) assert.deepEqual(fixOf(found[0]), c.fix.map(([piece, newText, nth]) => [...span(c.text, piece, nth), newText]));
      if (c.applied !== undefined) assert.equal(applyFix(c.text, found[0]), c.applied);
      if (c.severities) assert.deepEqual(found.map((d) => d.severity), c.severities);
      if (c.message) assert.match(found[0].message, c.message);
    });
  }
});
