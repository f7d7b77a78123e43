// One sentence per compiler, shown on hover over the command that calls it.

import { t } from '../l10n';

export function toolDoc(tool: string): string {
  switch (tool) {
    case 'bmnetc':
      return t('Sophon front end for Caffe: compiles a .prototxt with its .caffemodel into a bmodel.');
    case 'bmnett':
      return t('Sophon front end for TensorFlow: compiles a frozen .pb into a bmodel.');
    case 'bmnetm':
      return t('Sophon front end for MXNet: compiles a -symbol.json with its .params into a bmodel.');
    case 'bmnetp':
      return t('Sophon front end for PyTorch: compiles a TorchScript made by torch.jit.trace (on the CPU) into a bmodel.');
    case 'bmnetd':
      return t('Sophon front end for Darknet: compiles a YOLO .cfg with its .weights into a bmodel.');
    case 'bmneto':
      return t('Sophon front end for ONNX: compiles an .onnx model into a bmodel.');
    case 'bmpaddle':
      return t('Sophon front end for PaddlePaddle: compiles the folder of an inference model into a bmodel.');
    case 'bmnetu':
      return t('Sophon compiler for UFW umodels: compiles the int8umodel written by calibration into an INT8 bmodel.');
    case 'atc':
      return t('Ascend Tensor Compiler: converts a Caffe, TensorFlow, ONNX or MindSpore model into an offline model (.om).');
    case 'calibration_use_pb':
      return t('Sophon INT8 calibration: quantises an fp32umodel with calibration data into an int8umodel.');
    default:
      return '';
  }
}
