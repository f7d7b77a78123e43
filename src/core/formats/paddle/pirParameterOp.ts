// The parameter op, which Paddle's writer compresses to
// `{"#":"p","A":[is_distributed, is_parameter, need_clip, "<name>"],"DA":[…],"O":{"%":id,"TT":type},
//   "OA":[persistable, stop_gradient, trainable],"QA":[…]}`:
// flags as 0/1 in fixed places, the one result as an object rather than a list, no operands.
// `OA` is left out when the program was saved with trainable false; missing flags take the
// writer's defaults.

import type { AttrValue } from '../../graph/graph';
import { t } from '../../l10n';
import { readAttributes } from './pirAttributes';
import { child, fail, isObject, type JsonObject, type PirPath } from './pirProblem';
import type { PirValue } from './pirProgram';
import { readType } from './pirTypes';

export interface PirParameter {
  name: string;
  isDistributed: boolean;
  isParameter: boolean;
  needClip: boolean;
  persistable: boolean;
  stopGradient: boolean;
  trainable: boolean;
}

/** A flag written as 0/1 (a bool is accepted too); absent takes the writer's default. */
function flag(list: unknown[] | undefined, i: number, fallback: boolean, where: PirPath): boolean {
  const v = list?.[i];
  if (v === undefined) return fallback;
  if (v === 0 || v === 1 || typeof v === 'boolean') return Boolean(v);
  return fail(child(where, i), t('a parameter flag is 0 or 1, not {0}', JSON.stringify(v) ?? String(v)));
}

export function readParameterOp(
  raw: JsonObject,
  where: PirPath,
  attributes: Record<string, AttrValue>,
  unknown: (id: string, name: string) => void,
  /** The result when the caller has already read `O` (the program scanner does, with its type cache). */
  known?: PirValue,
): { parameter: PirParameter; result: PirValue } {
  const a = raw.A;
  const aAt = child(where, 'A');
  if (!Array.isArray(a) || a.length < 4 || typeof a[3] !== 'string') fail(aAt, t('a parameter op holds [is_distributed, is_parameter, need_clip, "name"] in "A"'));
  const oa = raw.OA;
  if (oa !== undefined && !Array.isArray(oa)) fail(child(where, 'OA'), t('a parameter op holds [persistable, stop_gradient, trainable] in "OA"'));
  const oaAt = child(where, 'OA');
  const parameter: PirParameter = {
    name: a[3] as string,
    isDistributed: flag(a, 0, false, aAt),
    isParameter: flag(a, 1, true, aAt),
    needClip: flag(a, 2, false, aAt),
    persistable: flag(oa as unknown[] | undefined, 0, true, oaAt),
    stopGradient: flag(oa as unknown[] | undefined, 1, true, oaAt),
    trainable: flag(oa as unknown[] | undefined, 2, true, oaAt),
  };
  const result = known ?? readResult(raw.O, child(where, 'O'));
  attributes.parameter_name = parameter.name;
  attributes.is_distributed = parameter.isDistributed;
  attributes.is_parameter = parameter.isParameter;
  attributes.need_clip = parameter.needClip;
  attributes.persistable = parameter.persistable;
  attributes.stop_gradient = parameter.stopGradient;
  attributes.trainable = parameter.trainable;
  for (const key of ['DA', 'QA']) readAttributes(raw[key], child(where, key), attributes, unknown);
  return { parameter, result };
}

/** The result is one object; a list of one (a hand-made or later file) is read the same way. */
function readResult(O: unknown, where: PirPath): PirValue {
  const o = Array.isArray(O) && O.length === 1 ? (O[0] as unknown) : O;
  if (!isObject(o)) fail(where, t('a parameter op has one result object in "O"'));
  const id = o['%'] ?? o['#'];
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id === 0) fail(where, t('a value needs an integer id under "%"'));
  return { id: id as number, type: readType(o.TT, child(where, 'TT')) };
}

/** A parameter written as an ordinary op (an earlier writer): flags from its attributes where present, else the defaults. */
export function plainParameter(name: string, attributes: Record<string, AttrValue>): PirParameter {
  const flagOf = (key: string, fallback: boolean) => (typeof attributes[key] === 'boolean' ? (attributes[key] as boolean) : fallback);
  return {
    name,
    isDistributed: flagOf('is_distributed', false),
    isParameter: flagOf('is_parameter', true),
    needClip: flagOf('need_clip', false),
    persistable: flagOf('persistable', true),
    stopGradient: flagOf('stop_gradient', true),
    trainable: flagOf('trainable', true),
  };
}
