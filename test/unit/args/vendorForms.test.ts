// No false alarms: every command line and option form that ../shared/toolchains.md shows as
// correct passes the checks clean. The forms are listed here (so the test runs without the
// fact sheet), and, where the sheet is beside the clone, every full command line in it is read
// from the sheet itself.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkScript } from '../../../src/core/args/checkScript';
import { sharedModelsRoot } from '../../support/paths';
import { registerWhen } from '../../support/registerWhen';
import { assertDeepEqualShowingAll } from '../../support/showAll';

const paddle = (extra: string) => `python3 -m bmpaddle --model=./m --input_names=x --output_names=y --net_name=n --target=BM1684 ${extra}`;
const onnx = (extra: string) => `python3 -m bmneto --model=m.onnx --target=BM1684X ${extra}`;

/** The forms of §1.2–1.4 and §6 of the fact sheet, each inside an otherwise complete command. */
const forms = [
  // §1.3 --shapes
  paddle('--shapes=[1,3,300,300]'),
  paddle('--shapes "[1, 3, 960, 960]"'),
  paddle('--shapes [[1,3,640,640]]'),
  onnx('--shapes "[$B,384], [$B,384]"'),
  onnx('--shapes "[[1,67,80],[1],[1,1]]"'),
  'bmnetu -model=m_deploy_int8_unique_top.prototxt -weight=m.int8umodel --shapes="[1,3,224,224],[1,2]"',
  // §1.4 --descs
  paddle('--shapes=[1,3,608,608] --descs "[0,int32,608,609]"'),
  onnx('--shapes "[1,148],[1,512]" --descs "[0,int64,0,148],[1,int64,512,513]"'),
  onnx('--shapes "[1,3,224,224]" --descs "[0, uint8, 0, 256]"'),
  onnx('--shapes "[1,3,224,224],[1,2]" --descs "[1,int,0,8]"'),
  // §1.1 booleans and option forms
  paddle('--shapes=[1,3,224,224] --cmp=True --dyn=False'),
  paddle('--shapes [1,3,224,224] --cmp 0 --opt 2 --outdir ./out'),
  'bmnetu -model=m_deploy_int8_unique_top.prototxt -weight=m.int8umodel -cmp=1 -dyn=0 -max_n 1 -prec=INT8',
  'bmnetc --model=deploy.prototxt --weight=m.caffemodel --target=BM1684 --outdir=out --enable_profile=true',
  'bmnetc -model=deploy.prototxt -weight=m.caffemodel -target=BM1684',
  'bmnetd --model=yolov4.cfg --weight=yolov4.weights --target=BM1684 --shapes=[1,3,608,608] --v=4 --dump_ref=true',
  'python3 -m bmnett --model=frozen.pb --input_names=input --output_names=out --shapes=[1,224,224,3] --net_name=n --target=BM1684',
  'python3 -m bmnetm --model=m-symbol.json --weight=m-0000.params --shapes=[1,3,224,224] --net_name=n --target=BM1684',
  'python3 -m bmnetp --model=traced.pt --shapes=[1,3,224,224] --net_name=n --target=BM1684',
  'python3 -m bmpaddle --list_ops',
  'calibration_use_pb quantize -model=m_bmnetp_test_fp32.prototxt -weights=m_bmnetp.fp32umodel -iterations=100 -winograd=true -save_test_proto=false -bitwidth=TO_INT8 -graph_transform=true',
  // §6 ATC
  'atc --model=resnet50.prototxt --weight=resnet50.caffemodel --framework=0 --output=resnet50 --soc_version=Ascend310 --input_format=NCHW --input_fp16_nodes=data --output_type=FP32 --out_nodes=prob:0',
  'atc --mode=1 --om=x.om --json=x.json',
  'atc --mode=1 --om x.om --json x.json',
  'atc --model=yolox.onnx --framework=5 --output=yolox --soc_version=Ascend310P3 --input_shape="images:1, 3, 640, 640"',
  'atc --model=m.onnx --framework=5 --output=m --soc_version=Ascend310B1 --input_shape="data:-1,3,224,224;im_info:-1,3" --dynamic_batch_size="1,2,4,8" --log=error',
];

describe('no false alarms on the forms the fact sheet shows', () => {
  for (const line of forms) {
    it(line, async () => {
      const found = await checkScript('/tmp/compile.sh', `${line}\n`);
      assertDeepEqualShowingAll(found, [], 'diagnostics', found);
    });
  }
});

const sheet = path.resolve(sharedModelsRoot, '..', 'toolchains.md');

/** Full command lines in backquotes (an excerpt with `...`, `<…>` or fewer than three options is not one). */
function commandLines(text: string): string[] {
  const lines = new Set<string>();
  for (const m of text.matchAll(/`((?:atc|bmnet[a-z]|python3 -m bm[a-z]+|calibration_use_pb quantize) [^`]+)`/g)) {
    const line = m[1];
    if (line.includes('...') || /[<>]/.test(line) || (line.match(/ --?[a-z]/g) ?? []).length < 3) continue;
    lines.add(line);
  }
  return [...lines];
}

registerWhen(existsSync(sheet), describe)('no false alarms on the command lines of ../shared/toolchains.md', () => {
  const lines = commandLines(readFileSync(sheet, 'utf8'));
  it('finds the sheet\'s full command lines', () => {
    assertDeepEqualShowingAll(lines.length >= 2, true, 'at least two lines', lines);
  });
  for (const line of lines) {
    it(line, async () => {
      const found = await checkScript('/tmp/compile.sh', `${line}\n`);
      assertDeepEqualShowingAll(found, [], 'diagnostics', found);
    });
  }
});
