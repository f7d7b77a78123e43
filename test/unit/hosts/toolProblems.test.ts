// The Problems panel's source: errors and warnings read from conversion logs written as
// ../shared/toolchains.md records the tools' output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToolProblems, type ToolProblem } from '../../../src/core/convert/toolProblems';

/** The problems without their explanations (those are explanations.test's). */
const plain = (problems: ToolProblem[]) => problems.map(({ hint: _hint, ...p }) => p);

test('bmcompiler glog lines: E and F are errors, W warnings, I is not a problem; the file and line are the ones named', () => {
  const log = [
    '######################################',
    '# Store bmodel of BMCompiler.',
    '######################################',
    'I1124 23:35:48.233935   852 bmcompiler_bmodel.cpp:130] [BMCompiler:I] save_tensor input name [data]',
    'W1124 23:35:48.300001   852 bmcompiler_layer.cpp:77] [BMCompiler:W] layer [pool1] falls back to CPU',
    'E1124 23:35:49.000002   852 bmcompiler_net_param.cpp:512] [BMCompiler:E] shape of tensor [fc7] does not match',
    'F1124 23:35:49.000100   852 bmcompiler_if.cpp:1023] [BMCompiler:F] Check failed: ret == 0',
    '[BMCompiler:E] compile failed without a glog prefix',
    'BMLIB Send Quit Message',
  ].join('\n');
  assert.deepEqual(plain(parseToolProblems(log)), [
    { severity: 'warning', code: 'bmcompiler', message: 'layer [pool1] falls back to CPU', file: 'bmcompiler_layer.cpp', line: 77, logLine: 5 },
    { severity: 'error', code: 'bmcompiler', message: 'shape of tensor [fc7] does not match', file: 'bmcompiler_net_param.cpp', line: 512, logLine: 6 },
    { severity: 'error', code: 'bmcompiler', message: 'Check failed: ret == 0', file: 'bmcompiler_if.cpp', line: 1023, logLine: 7 },
    { severity: 'error', code: 'bmcompiler', message: 'compile failed without a glog prefix', logLine: 8 },
  ]);
});

test('a Python traceback is one error at its last frame, with the exception line as the message', () => {
  const log = [
    'bmpaddle start',
    'Traceback (most recent call last):',
    '  File "/usr/local/bin/bmpaddle", line 8, in <module>',
    '    sys.exit(main())',
    '  File "/usr/lib/python3/dist-packages/bmpaddle/__main__.py", line 41, in main',
    '    net = load(args.model)',
    '  File "/tmp/npu-deploy/job-1/model/export.py", line 17, in load',
    "    raise ValueError('input shape [-1, 3, 640, 640] has an unknown dimension')",
    "ValueError: input shape [-1, 3, 640, 640] has an unknown dimension",
    'after the traceback',
  ].join('\n');
  assert.deepEqual(plain(parseToolProblems(log)), [
    { severity: 'error', code: 'python.ValueError', message: 'ValueError: input shape [-1, 3, 640, 640] has an unknown dimension', file: '/tmp/npu-deploy/job-1/model/export.py', line: 17, logLine: 2 },
  ]);
  const bare = plain(parseToolProblems('Traceback (most recent call last):\n  File "x.py", line 3, in <module>\n    f()\nKeyboardInterrupt\n'));
  assert.deepEqual(bare, [{ severity: 'error', code: 'python.KeyboardInterrupt', message: 'KeyboardInterrupt', file: 'x.py', line: 3, logLine: 1 }]);
});

test('ATC error blocks: the code, the message without the PID and timestamp, the cause and the fix; internal frames left out; W codes are warnings', () => {
  const log = [
    'ATC start working now, please wait for a moment.',
    '...........',
    "ATC run failed, Please check the detail log, Try 'atc --help' for more information",
    "E10016: [PID: 4242] 2024-03-01-10:12:33.123.456 Opname image specified in --input_shape is not found in the model. Confirm whether this node name exists, or the node is not split with the specified delimiter ';'.",
    '        Possible Cause: the node name is wrong',
    '        Solution: check the input names of the model',
    '        TraceBack (most recent call last):',
    '        CheckInputShapeNode [FUNC:CheckInputShapeNode][FILE:atc_ir_common.cc][LINE:112]',
    'EZ3003: No supported Ops kernel and engine are found for [Foo], optype [Foo].',
    '..E10004: Value for --output is empty.',
  ].join('\n');
  assert.deepEqual(plain(parseToolProblems(log)), [
    {
      severity: 'error',
      code: 'atc.E10016',
      message: "Opname image specified in --input_shape is not found in the model. Confirm whether this node name exists, or the node is not split with the specified delimiter ';'.\nPossible Cause: the node name is wrong\nSolution: check the input names of the model",
      logLine: 4,
    },
    { severity: 'error', code: 'atc.EZ3003', message: 'No supported Ops kernel and engine are found for [Foo], optype [Foo].', logLine: 9 },
    { severity: 'error', code: 'atc.E10004', message: 'Value for --output is empty.', logLine: 10 },
  ]);
  const success = 'ATC start working now, please wait for a moment.\n....\nATC run success, welcome to the next use.\nW11001: Op [Slice_30] does not hit the high-priority operator information library, which might result in compromised performance.\n';
  assert.deepEqual(plain(parseToolProblems(success)), [
    { severity: 'warning', code: 'atc.W11001', message: 'Op [Slice_30] does not hit the high-priority operator information library, which might result in compromised performance.', logLine: 4 },
  ]);
});

test('a clean log has no problems, and Windows line endings read the same', () => {
  assert.deepEqual(plain(parseToolProblems('ATC start working now, please wait for a moment.\r\nATC run success, welcome to the next use.\r\n')), []);
  assert.deepEqual(plain(parseToolProblems('E1124 23:35:49.000002   852 a.cpp:5] [BMCompiler:E] bad\r\n')), [{ severity: 'error', code: 'bmcompiler', message: 'bad', file: 'a.cpp', line: 5, logLine: 1 }]);
});

test('messages glued on one line come apart and keep that line; colour codes go; a lone CR ends a line as in an editor', () => {
  const log = [
    'ATC run success, welcome to the next use.',
    'W11001: Op [A] does not hit the high-priority operator information library.W11001: Op [B] does not hit it either.',
    '\u001b[0;31mE1124 23:35:49.000002   852 a.cpp:5] [BMCompiler:E] bad\u001b[0mW1124 23:35:49.000003   852 b.cpp:6] [BMCompiler:W] odd',
  ].join('\r');
  assert.deepEqual(
    parseToolProblems(log).map((p) => [p.code, p.message, p.logLine]),
    [
      ['atc.W11001', 'Op [A] does not hit the high-priority operator information library.', 2],
      ['atc.W11001', 'Op [B] does not hit it either.', 2],
      ['bmcompiler', 'bad', 3],
      ['bmcompiler', 'odd', 3],
    ],
  );
  // Known codes bring their explanation; the Problems line shows it (problemLines.test).
  assert.ok(parseToolProblems(log).every((p) => p.hint !== undefined));
});
