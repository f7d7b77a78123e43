// Every log that ../shared/toolchains.md quotes, as the tools print it: the right tool, verdict,
// and error and warning codes (or none, for tools without codes), each entry on its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLog } from '../../../src/core/logs/parseLog';
import type { LogReport } from '../../../src/core/logs/logReport';

interface Case {
  name: string;
  lines: string[];
  tool: LogReport['tool'];
  verdict: LogReport['verdict'];
  /** [code, line] of each error, in order. */
  errors?: [string | null, number][];
  warnings?: [string | null, number][];
}

const glog = (s: string, file: string, text: string) => `${s}1124 23:35:48.233935   852 ${file}] [BMCompiler:${s}] ${text}`;
const bmrt = (func: string, n: number, level: string, text: string) => `[BMRT][${func}:${n}] ${level}:${text}`;
const atcFailed = "ATC run failed, Please check the detail log, Try 'atc --help' for more information";
const atcStart = 'ATC start working now, please wait for a moment.';
const atcFail = (code: string, message: string): Case => ({ name: `atc ${code}`, lines: [atcStart, atcFailed, `${code}: ${message}`, '        TraceBack (most recent call last):', '        x[FUNC:main][FILE:main.cc][LINE:1437]'], tool: 'atc', verdict: 'failure', errors: [[code, 3]] });
const msaccucmpLine = (level: string, text: string) => `2023-05-31 05:56:20 (2749324) - [${level}] ${text}`;
const bmrtFatal = (text: string, status: 'caught' | 'uncaught'): Case => ({
  name: `bmrt_test FATAL ${text}`,
  lines: [bmrt('check_options', 1239, 'FATAL', text), ...(status === 'uncaught' ? ["terminate called after throwing an instance of 'std::runtime_error'", '  what():  BMRuntime internal error.'] : [])],
  tool: 'bmrt_test',
  verdict: 'failure',
  errors: [[null, 1]],
});

const cases: Case[] = [
  // §1.6 bmnetX
  { name: 'bmnetX success banner', lines: [glog('I', 'bmcompiler_bmodel.cpp:130', 'save_tensor input name [data]'), glog('I', 'bmcompiler_bmodel.cpp:130', 'save_tensor output name [prob]'), '######################################', '# Store bmodel of BMCompiler.', '######################################', 'BMLIB Send Quit Message'], tool: 'bmcompiler', verdict: 'success' },
  { name: 'bmnetc banner of = lines', lines: ['==========================================', '*** Store bmodel of BMCompiler...', '=========================================='], tool: 'bmcompiler', verdict: 'success' },
  { name: 'bmnetX E and F lines', lines: [glog('W', 'bmcompiler_layer.cpp:77', 'layer [pool1] falls back to CPU'), glog('E', 'bmcompiler_net_param.cpp:512', 'shape of tensor [fc7] does not match'), glog('F', 'bmcompiler_if.cpp:1023', 'Check failed: ret == 0')], tool: 'bmcompiler', verdict: 'failure', errors: [['BMCompiler:E', 2], ['BMCompiler:F', 3]], warnings: [['BMCompiler:W', 1]] },
  { name: 'bmnetp Python traceback', lines: [glog('I', 'bmcompiler_if.cpp:35', 'compile net [x] for BM1684'), 'Traceback (most recent call last):', '  File "/usr/local/lib/python3.8/dist-packages/bmnetp/__main__.py", line 61, in <module>', '    bmnetp.compile(**vars(args))', 'RuntimeError: BMCompiler compile failed'], tool: 'bmcompiler', verdict: 'failure', errors: [[null, 2]] },
  // §2 bmrt_test
  { name: 'bmrt_test usage', lines: ['Usage:', '  --version          : Show version.', '  --context_dir      : The dir of context after compilation.', '  --append_dir       : The dir of another context after compiltaion.', '  --bmodel           : The path of bmodel, just test bmodel, no compare.'], tool: 'bmrt_test', verdict: 'failure' },
  {
    name: 'bmrt_test compare run, success',
    lines: [
      bmrt('deal_with_options', 1446, 'INFO', 'Loop num: 1'),
      bmrt('bmrt_test', 1004, 'WARNING', 'setpriority failed, cpu time might flutuate.'),
      bmrt('bmcpu_setup', 349, 'INFO', "cpu_lib 'libcpuop.so' is loaded."),
      'bmcpu init: skip cpu_user_defined',
      'open usercpu.so, init user_cpu_init',
      bmrt('load_bmodel', 1084, 'INFO', 'Loading bmodel from [ctx/compilation.bmodel]. Thanks for your patience...'),
      bmrt('load_bmodel', 1084, 'INFO', 'Bmodel loaded, version 2.2'),
      bmrt('load_bmodel', 1023, 'INFO', 'pre net num: 0, load net num: 1'),
      ' ########################',
      ' NetName: yolo, Index=0',
      ' ---- stage 0 ----',
      "   Input 0) 'images' shape=[ 1 3 640 640 ] dtype=FLOAT32 scale=1 zero_point=0",
      "   Output 0) 'output' shape=[ 1 25200 85 ] dtype=FLOAT32 scale=1 zero_point=0",
      ' ########################',
      bmrt('bmrt_test', 1040, 'INFO', '==> running network #0, name: yolo, loop: 0'),
      bmrt('bmrt_test', 1041, 'INFO', 'reading input #0, bytesize=4915200'),
      bmrt('print_array', 87, 'INFO', '  --> input_data: < 0 0 0 ... > len=1228800'),
      bmrt('bmrt_test', 1042, 'INFO', 'reading output #0, bytesize=8568000'),
      bmrt('print_array', 87, 'INFO', '  --> output ref_data: < 1 2 ... > len=2142000'),
      bmrt('bmrt_test', 1166, 'INFO', 'net[yolo] stage[0], launch total time is 18734 us (npu 18102 us, cpu 632 us), (launch func time 40 us, sync 18690 us)'),
      bmrt('bmrt_test', 1180, 'INFO', '+++ The network[yolo] stage[0] output_data +++'),
      bmrt('print_array', 87, 'INFO', 'output data #0 shape: [1 25200 85 ] < 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 ... > len=2142000'),
      bmrt('bmrt_test', 1193, 'INFO', '==>comparing output in mem #0 ... '),
      bmrt('bmrt_test', 1211, 'INFO', '+++ The network[yolo] stage[0] cmp success +++'),
      bmrt('bmrt_test', 1240, 'INFO', 'load input time(s): 0.000812'),
      bmrt('bmrt_test', 1241, 'INFO', 'pre alloc  time(s): 0.000010'),
      bmrt('bmrt_test', 1242, 'INFO', 'calculate  time(s): 0.018801'),
      bmrt('bmrt_test', 1243, 'INFO', 'get output time(s): 0.000101'),
      bmrt('bmrt_test', 1244, 'INFO', 'compare    time(s): 0.000204'),
    ],
    tool: 'bmrt_test',
    verdict: 'success',
    warnings: [[null, 2]],
  },
  {
    name: 'bmrt_test compare mismatch (older progress line, integer output)',
    lines: [bmrt('bmrt_test', 981, 'INFO', 'net[n] stage[0], launch total time is 4521 us (npu 4368 us, cpu 153 us)'), bmrt('bmrt_test', 981, 'INFO', '==>comparing #0 output ...'), bmrt('array_cmp_int', 70, 'WRONG', 'label error at index 0 exp 3 got 5'), bmrt('result_cmp', 162, 'WRONG', 'comparing #0 output failed!'), bmrt('bmrt_test', 1207, 'FATAL', '+++ The network[n] stage[0] cmp failed +++')],
    tool: 'bmrt_test',
    verdict: 'failure',
    errors: [[null, 3], [null, 4], [null, 5]],
  },
  bmrtFatal("can't use dir and bmodel at the same time", 'uncaught'),
  bmrtFatal('no context files', 'uncaught'),
  bmrtFatal('loopnum should larger than 0', 'uncaught'),
  bmrtFatal('thread num should larger than 0', 'uncaught'),
  bmrtFatal('foo is not a test case', 'uncaught'),
  bmrtFatal('bmodel_list[list.txt] open failed', 'uncaught'),
  bmrtFatal('Unknown option 63', 'uncaught'),
  bmrtFatal('Load bmodel[x.bmodel] failed', 'caught'),
  bmrtFatal('cannot open file ctx/input_ref_data.dat', 'caught'),
  bmrtFatal('bm_dev_request failed, id:[0]', 'caught'),
  bmrtFatal('Cannot get chipid', 'caught'),
  bmrtFatal('Not same chipid', 'caught'),
  bmrtFatal('Failed to fread reference data of net #0, need_bytesize=4000, but just 40 bytes left', 'caught'),
  // §1.5 and §3 the bmodel inspector
  { name: 'bm_model.bin --combine', lines: ['Success: combined to [out/fp32_ssd300.bmodel].'], tool: 'bmodel-info', verdict: 'success' },
  {
    name: 'tpu_model --info (BMNNSDK2, no zero point)',
    lines: ['bmodel version: B.2.2', 'chip: BM1684', 'create time: Fri Apr  1 16:36:25 2022', '==========================================', 'net 0: [ctdet_dlav0]  static', '------------', 'stage 0:', 'subnet number: 2', 'input: input.1, [1, 3, 512, 512], float32, scale: 1', 'output: 40, [1, 84, 128, 128], float32, scale: 1', '', '', 'device mem size: 113864072 (coeff: 72048648, instruct: 134528, runtime: 41680896)', 'host mem size: 0 (coeff: 0, runtime: 0)'],
    tool: 'bmodel-info',
    verdict: 'success',
  },
  { name: 'tpu_model --extract', lines: ['Generate file [bm_net0_stage0.bmodel] ......', 'Success: all files have been generated!'], tool: 'bmodel-info', verdict: 'success' },
  { name: 'tpu_model bad file', lines: ['[show:163] Error : file[x.bmodel] is not correct'], tool: 'bmodel-info', verdict: 'failure', errors: [[null, 1]] },
  { name: 'tpu_model usage', lines: ['Usage:', '    --info model_file : show brief model info'], tool: 'bmodel-info', verdict: 'failure' },
  // §5 TPU-MLIR
  {
    name: 'model_transform success',
    lines: ['2026/03/04 08:50:20 - INFO : TPU-MLIR v1.27-20260206', '[Running]: tpuc-opt x_origin.mlir --shape-infer -o x.mlir', '[Success]: tpuc-opt x_origin.mlir --shape-infer -o x.mlir', '[CMD]: model_runner.py --input x_in_f32.npz --model x.mlir --output x_top_outputs.npz'],
    tool: 'tpu-mlir',
    verdict: 'success',
  },
  {
    name: 'model_deploy [!Error]',
    lines: ['[Running]: tpuc-opt x.mlir --codegen -o /dev/null', 'Traceback (most recent call last):', '  File "/workspace/tpu-mlir/python/utils/mlir_shell.py", line 82, in _os_system', '    raise RuntimeError("[!Error]: {}".format(cmd_str))', 'RuntimeError: [!Error]: tpuc-opt x.mlir --codegen -o /dev/null'],
    tool: 'tpu-mlir',
    verdict: 'failure',
    errors: [[null, 2]],
  },
  {
    name: 'npz_tool compare passed',
    lines: ['[350_Transpose                   ]      SIMILAR [PASSED]', '148 compared', '148 passed', '  0 equal, 2 close, 146 similar', '0 failed', '  0 not equal, 0 not similar', 'min_similiarity = (0.9999998211860657, 0.9999981357100098, 113.57913970947266)', 'Target    yolov5s_top_outputs.npz', 'Reference yolov5s_ref_outputs.npz', 'npz compare PASSED.'],
    tool: 'npz-compare',
    verdict: 'success',
  },
  {
    name: 'npz_tool compare failed (NOT_MATCH and NOT_EQUAL)',
    lines: ['[a                               ]    NOT_MATCH [FAILED]', '[b                               ]    NOT_EQUAL [FAILED]', '    (1, 3) int32 ', '2 compared', '0 passed', '2 failed', 'npz compare FAILED.'],
    tool: 'npz-compare',
    verdict: 'failure',
    errors: [[null, 1], [null, 2]],
  },
  { name: 'npz_tool unknown method', lines: ['Traceback (most recent call last):', '  File "/usr/bin/npz_tool.py", line 40, in <module>', '    raise RuntimeError("No support {} Method".format(sys.argv[1]))', 'RuntimeError: No support foo Method', 'min_similiarity = (1, 1, 1)'], tool: 'npz-compare', verdict: 'failure', errors: [[null, 1]] },
  // §6 ATC
  atcFail('E10004', 'Value for --model is empty.'),
  atcFail('E10054', 'The requied parameter [--model] for ATC is empty. Another possible reason is that the value of some parameter is not enclosed by quotation marks ("").'),
  atcFail('E10007', '[--framework] is required. The value must be [0(Caffe) or 1(MindSpore) or 3(TensorFlow) or 5(Onnx)].'),
  atcFail('E10008', '--weight must not be empty when --framework is set to 0 (Caffe).'),
  atcFail('E10001', 'Value [x] for parameter [--input_format] is invalid. Reason: the value is not supported.'),
  atcFail('E10002', 'Value [a] for parameter --input_shape is invalid. Reason: is not digit. The value must be formatted as "input_name1:n1,c1,h1,w1;input_name2:n2,c2,h2,w2".'),
  atcFail('E10011', 'Value data:0,3 for parameter --input_shape is invalid. Shape values must be positive integers. The error value in the shape is 0.'),
  atcFail('E10016', "Opname x specified in --input_shape is not found in the model. Confirm whether this node name exists, or the node is not split with the specified delimiter ';'."),
  atcFail('E10041', 'Failed to load the model from m.pb.'),
  atcFail('E10410', 'File a.json does not exist.'),
  atcFail('E10009', '--dynamic_batch_size, --dynamic_image_size, --input_shape_range, and --dynamic_dims are mutually exclusive.'),
  atcFail('E10010', 'Value x for parameter --log is invalid.'),
  atcFail('E10501', 'IR for Op x with optype Y is not registered.'),
  atcFail('E11009', 'No Caffe parser is registered for Op x with optype Y.'),
  atcFail('E11012', 'Unknown bottom blob y at layer x. The bottom blob is indexed 0.'),
  atcFail('E19010', 'No parser is registered for Op [Div_3, optype [ai.onnx::23::Div]].'),
  atcFail('EZ3003', 'No supported Ops kernel and engine are found for [Proposal], optype [Proposal].'),
  atcFail('E20001', 'Failed to compile Op [Conv_0].'),
  atcFail('E40000', 'Failed to import te.platform.log_util.'),
  atcFail('EC0010', 'Failed to import Python module [te].'),
  { name: 'atc E10001 [-1] input (obs)', lines: [atcStart, '.....', atcFailed, 'E10001: Value [-1] for parameter [input_2] is invalid. Reason: maybe you should set input_shape to specify its shape.'], tool: 'atc', verdict: 'failure', errors: [['E10001', 4]] },
  { name: 'atc success with W11001', lines: [atcStart, '..........', 'ATC run success, welcome to the next use.', 'W11001: Op [Slice_30] does not hit the high-priority operator information library, which might result in compromised performance.'], tool: 'atc', verdict: 'success', warnings: [['W11001', 4]] },
  { name: 'atc newer CANN block', lines: [atcStart, atcFailed, 'E10004: [PID: 2311] 2024-01-01-10:00:00.000.000 Value for --output is empty.', '        Possible Cause: the option was not given', '        Solution: give --output'], tool: 'atc', verdict: 'failure', errors: [['E10004', 3]] },
  { name: 'atc unknown flag (gflags)', lines: ["ERROR: unknown command line flag 'soc'", "Try 'atc --help' for more information"], tool: 'atc', verdict: 'failure', errors: [[null, 1]] },
  // §7 msaccucmp
  { name: 'msaccucmp compare', lines: [msaccucmpLine('INFO', '[Conv_0] Start to compare op "Conv_0".'), msaccucmpLine('WARNING', '[Add_8] There is no dump file for my output operator "Add_8". The type is Add.'), msaccucmpLine('WARNING', '[Mul_3] The shape does not match (1,3 vs 1,4) for Mul_3:output:0.'), msaccucmpLine('INFO', 'The comparison result have been written to "\'/out/result_20230531055620.csv\'".'), msaccucmpLine('INFO', 'The command was completed and took 0 seconds.')], tool: 'msaccucmp', verdict: 'success', warnings: [[null, 2], [null, 3]] },
  { name: 'msaccucmp argument rule', lines: [msaccucmpLine('ERROR', 'The argument "-r" or "--range" takes effect only when the "-f" exists.'), msaccucmpLine('INFO', 'The command was completed and took 0 seconds.')], tool: 'msaccucmp', verdict: 'failure', errors: [[null, 1]] },
  { name: 'msaccucmp unexpected error', lines: [msaccucmpLine('WARNING', 'msaccucmp is being run as root. To avoid security risks, it is recommended to switch to a regular user to run it.'), 'Basic error running msaccucmp.py: division by zero'], tool: 'msaccucmp', verdict: 'failure', errors: [[null, 2]], warnings: [[null, 1]] },
  // §8 msit / ait debug compare
  {
    name: 'msit debug compare, nothing wrong',
    lines: ["[INFO] b'2023-05-31 05:56:20 (2749324) - [INFO] The command was completed and took 0 seconds.'", '[INFO] Analyser init parameter csv_path=/out/result_20230531055620.csv', '[INFO] Analyser call parameter strategy=FIRST_INVALID_OVERALL, max_column_len=30', '[INFO] None operator with accuracy issue reported'],
    tool: 'msaccucmp',
    verdict: 'success',
  },
  // §9 msame
  {
    name: 'msame file mode',
    lines: ['[INFO] acl init success', '[INFO] open device 0 success', '[INFO] create context success', '[INFO] create stream success', '[INFO] get run mode success', '[INFO] load model lenet.om success', '[INFO] create model description success', '[INFO] get input dynamic gear count success', '[INFO] create model output success', 'output//20211111_224034', '[INFO] model execute success', 'Inference time: 105.365ms', '[INFO] get max dynamic batch size success', '[INFO] output data success', 'Inference average time: 105.365000 ms', 'Inference average time without first time: 105.365000 ms', '[INFO] destroy model input success.', '[INFO] unload model success, model Id is 1', '[INFO] pid: 5151 Execute sample success', '[INFO] end to destroy stream', '[INFO] end to destroy context', '[INFO] end to reset device is 0', '[INFO] end to finalize acl'],
    tool: 'msame',
    verdict: 'success',
  },
  { name: 'msame folder mode, older success line', lines: ['[INFO] start to process file:./in/a.bin', 'Inference time: 2.1ms', 'Inference average time : 2.31 ms', 'Inference average time without first time: 2.10 ms', '[INFO] Execute sample success.', 'Test Finish!'], tool: 'msame', verdict: 'success' },
  ...[
    ['[ERROR] unknown paramenter', '[ERROR] Execute sample failed'],
    ['[ERROR] input model file type is not .om , please check your model type!', '[INFO] Execute sample success'],
    ['[ERROR] loop must in 1 to 100', ''],
    ['[ERROR] device id must in 0 to 255', 'Inference time: 1ms'],
    ['[ERROR] dymBatch must in 1 to 2048', 'Inference time: 1ms'],
    ['[ERROR] input dynamiHW size error , this lens must be 2 , you input size = 3', 'Inference time: 1ms'],
    ['[ERROR] Invalid params', '[ERROR] Execute sample failed'],
    ['[ERROR] dump and profiler can not both be true', 'Inference time: 1ms'],
    ['[ERROR] dymBatch dymDims dymHW dymShape cannot be set at the same time', 'Inference time: 1ms'],
    ['[ERROR] Sample init resource failed', 'Inference time: 1ms'],
    ['[ERROR] Sample process failed', 'Inference time: 1ms'],
    ['[ERROR] current user does not have permission', 'Inference time: 1ms'],
  ].map(([first, second]): Case => ({ name: `msame ${first}`, lines: [first, second], tool: 'msame', verdict: 'failure', errors: first !== '[ERROR] Invalid params' && !second.startsWith('[ERROR]') ? [[null, 1]] : [[null, 1], [null, 2]] })),
  // §10 ais_bench
  {
    name: 'ais_bench run',
    lines: ['[INFO] acl init success', '[INFO] open device 0 success', '[INFO] load model m.om success', '[INFO] create model description success', '[INFO] try get model batchsize:1', '[INFO] warm up 1 done', 'Inference array Processing: 100%|██████████| 1/1 [00:00<00:00, 350.06it/s]', '[INFO] -----------------Performance Summary------------------', '[INFO] NPU_compute_time (ms): min = 2.5, max = 2.5, mean = 2.5, median = 2.5, percentile(99%) = 2.5', '[INFO] throughput 1000*batchsize.mean(1)/NPU_compute_time.mean(2.5): 400.0', '[INFO] ------------------------------------------------------', '[INFO] unload model success, model Id is 1', '[INFO] end to destroy context', '[INFO] end to reset device is 0', '[INFO] end to finalize acl'],
    tool: 'ais-bench',
    verdict: 'success',
  },
];

for (const c of cases) {
  test(`fact sheet: ${c.name}`, () => {
    const report = parseLog(`${c.lines.join('\n')}\n`);
    assert.equal(report.tool, c.tool);
    assert.equal(report.verdict, c.verdict);
    assert.deepEqual(report.errors.map((e) => [e.code, e.line]), c.errors ?? []);
    assert.deepEqual(report.warnings.map((e) => [e.code, e.line]), c.warnings ?? []);
    for (const entry of [...report.errors, ...report.warnings]) assert.ok(entry.message.trim() !== '', `${c.name}: an entry without a message`);
  });
}

test('fact sheet: a line cut in half counts as not printed: each success log cut inside its last line reads as the log without that line, incomplete where that line held the verdict', () => {
  const incomplete: string[] = [];
  for (const c of cases.filter((c) => c.verdict === 'success' && c.lines.length > 1)) {
    const text = c.lines.join('\n');
    const cut = text.slice(0, text.length - Math.ceil(c.lines[c.lines.length - 1].length / 2));
    const without = `${c.lines.slice(0, -1).join('\n')}\n`;
    assert.deepEqual(parseLog(cut), parseLog(without), c.name);
    if (parseLog(cut).verdict === 'incomplete') incomplete.push(c.name);
  }
  // The logs whose last line is the verdict; the others said it earlier (ATC's warnings, msame's teardown come after).
  assert.deepEqual(incomplete, ['tpu_model --extract', 'npz_tool compare passed', 'msaccucmp compare']);
});
