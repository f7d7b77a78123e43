// Every vendor code and code-less failure the fact sheet names gets a meaning and what to do, in
// English and, with the zh-cn bundle, in Chinese; the explanation follows the code into the
// Problems panel's line.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { problemLine } from '../../../src/cli/problemLines';
import { parseToolProblems } from '../../../src/core/convert/toolProblems';
import { configureCoreL10n } from '../../../src/core/l10n';
import { explain } from '../../../src/core/logs/explanations';
import type { LogTool } from '../../../src/core/logs/logReport';
import { repoRoot } from '../../support/paths';

const zh = JSON.parse(readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const CJK = /[\u4e00-\u9fff]/;

// ATC's codes as toolchains.md §6 lists them (E10023–E10030 are the single-op family).
const ATC_CODES = [
  'E10001', 'E10002', 'E10003', 'E10004', 'E10005', 'E10006', 'E10007', 'E10008', 'E10009', 'E10010', 'E10011', 'E10013', 'E10014', 'E10016',
  'E10018', 'E10019', 'E10020', 'E10021', 'E10022', 'E10023', 'E10030', 'E10031', 'E10034', 'E10035', 'E10036', 'E10037', 'E10039', 'E10040',
  'E10041', 'E10045', 'E10046', 'E10047', 'E10054', 'E10056', 'E10057', 'E10410', 'E10501', 'E11001', 'E11003', 'E11008', 'E11009', 'E11012',
  'E19010', 'EZ3003', 'E20001', 'E40000', 'EC0010', 'W11001',
];
const CODED: [LogTool, string][] = [...ATC_CODES.map((c): [LogTool, string] => ['atc', c]), ['bmcompiler', 'BMCompiler:E'], ['bmcompiler', 'BMCompiler:F'], ['bmcompiler', 'BMCompiler:W']];
// The tools that print no code, by the messages the fact sheet quotes.
const UNCODED: [LogTool, string][] = [
  ['bmrt_test', "can't use dir and bmodel at the same time"],
  ['bmrt_test', 'no context files'],
  ['bmrt_test', 'loopnum should larger than 0'],
  ['bmrt_test', 'thread num should larger than 0'],
  ['bmrt_test', 'x is not a test case'],
  ['bmrt_test', 'bmodel_list[l.txt] open failed'],
  ['bmrt_test', 'Unknown option 63'],
  ['bmrt_test', 'Load bmodel[x.bmodel] failed'],
  ['bmrt_test', 'cannot open file ctx/output_ref_data.dat'],
  ['bmrt_test', 'bm_dev_request failed, id:[0]'],
  ['bmrt_test', 'Cannot get chipid'],
  ['bmrt_test', 'Not same chipid'],
  ['bmrt_test', 'Failed to fread reference data of net #0, need_bytesize=4, but just 0 bytes left'],
  ['bmrt_test', '+++ The network[n] stage[0] cmp failed +++'],
  ['bmrt_test', 'scores rel warning at index 3 exp 0.21 got 0.19'],
  ['bmrt_test', 'comparing #0 output failed!'],
  ['bmodel-info', 'file[x.bmodel] is not correct'],
  ['msame', 'input model file type is not .om , please check your model type!'],
  ['msame', 'loop must in 1 to 100'],
  ['msame', 'device id must in 0 to 255'],
  ['msame', 'dymBatch must in 1 to 2048'],
  ['msame', 'input dynamiHW size error , this lens must be 2 , you input size = 3'],
  ['msame', 'unknown paramenter'],
  ['msame', 'Invalid params'],
  ['msame', 'dump and profiler can not both be true'],
  ['msame', 'dymBatch dymDims dymHW dymShape cannot be set at the same time'],
  ['msame', 'Sample init resource failed'],
  ['msame', 'current user does not have permission'],
  ['npz-compare', 'output_Greater_f32: NOT_SIMLIAR'],
  ['npz-compare', 'a: NOT_MATCH'],
  ['tpu-mlir', 'RuntimeError: [!Error]: tpuc-opt x.mlir'],
  ['msaccucmp', 'The argument "-r" or "--range" takes effect only when the "-f" exists.'],
  ['msaccucmp', 'The argument "-r" and "-s" can not be used at the same time'],
  ['msaccucmp', 'Basic error running msaccucmp.py: boom'],
  ['msaccucmp', '[Add_8] There is no dump file for my output operator "Add_8". The type is Add.'],
  ['bmcompiler', 'compare failed at output [prob], index 17: exp 0.7312 got 0.7021'],
];

describe('explanations of vendor codes and messages', () => {
  after(() => configureCoreL10n({}));

  it('every code and code-less message has a meaning and an action, in English', () => {
    for (const [tool, code] of CODED) {
      const e = explain(tool, { code, message: 'x' });
      assert.ok(e && e.meaning.length > 10 && e.action.length > 10 && !CJK.test(e.meaning + e.action), `${tool} ${code}`);
    }
    for (const [tool, message] of UNCODED) {
      const e = explain(tool, { code: null, message });
      assert.ok(e && e.meaning.length > 10 && e.action.length > 10, `${tool}: ${message}`);
    }
  });

  it('codes are told apart: distinct codes get their own explanation, a family code its family\'s, an unknown message none', () => {
    const meaning = (code: string) => explain('atc', { code, message: '' })?.meaning;
    assert.notEqual(meaning('E10004'), meaning('E10008'));
    assert.notEqual(meaning('EZ3003'), meaning('E19010'));
    assert.equal(meaning('E11099'), meaning('E11077'));
    assert.notEqual(meaning('E11099'), meaning('E11008'));
    assert.equal(explain('bmrt_test', { code: null, message: 'loading the weather forecast' }), undefined);
    // A message's explanation belongs to its tool: msame's texts say nothing about a bmrt_test line.
    assert.equal(explain('bmrt_test', { code: null, message: 'loop must in 1 to 100' }), undefined);
  });

  it('with the zh-cn bundle every explanation is Chinese', () => {
    configureCoreL10n(zh);
    for (const [tool, code] of CODED) {
      const e = explain(tool, { code, message: 'x' })!;
      assert.ok(CJK.test(e.meaning) && CJK.test(e.action), `${tool} ${code}: ${e.meaning} / ${e.action}`);
    }
    for (const [tool, message] of UNCODED) {
      const e = explain(tool, { code: null, message })!;
      assert.ok(CJK.test(e.meaning) && CJK.test(e.action), `${tool}: ${message}`);
    }
    configureCoreL10n({});
  });

  it('the Problems panel\'s line carries the explanation of a known code, before the code', () => {
    const [problem] = parseToolProblems('EZ3003: No supported Ops kernel and engine are found for [Proposal], optype [Proposal].\n');
    const line = problemLine(problem, '/m/model.prototxt', () => false);
    assert.match(line, /^npu-deploy convert: error: \/m\/model\.prototxt:1: No supported Ops kernel .* — No operator kernel on this chip implements the operator named\. What to do: Replace the operator .* \[atc\.EZ3003\]$/);
  });
});
