// Lookup tables over the generated descriptor, shared by the text reader, the text writer and the
// binary decoder: by field name for text, by field number for the wire format.

import { caffeDescriptor, ssdTextOnlyFields } from './schema.generated';
import type { DescriptorNode } from './schemaTypes';

export type ScalarKind =
  | 'double' | 'float' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'sint32' | 'sint64'
  | 'fixed32' | 'fixed64' | 'sfixed32' | 'sfixed64' | 'bool' | 'string' | 'bytes';

export interface EnumType {
  name: string;
  byName: Map<string, number>;
  byNumber: Map<number, string>;
}

export interface FieldInfo {
  name: string;
  id: number;
  repeated: boolean;
  packed: boolean;
  kind: ScalarKind | 'enum' | 'message';
  message?: MessageType;
  enumType?: EnumType;
  /** Set for fields only a fork knows (`ssd`). */
  vendor?: string;
  /** The fork's number clashes with BVLC's: known in text only. */
  textOnly?: boolean;
}

export interface MessageType {
  name: string;
  fields: Map<string, FieldInfo>;
  byId: Map<number, FieldInfo>;
  vendor?: string;
}

const SCALARS = new Set<string>([
  'double', 'float', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64',
  'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string', 'bytes',
]);

const messages = new Map<string, MessageType>();
const enums = new Map<string, EnumType>();

function collect(prefix: string, nested: Record<string, DescriptorNode> | undefined): void {
  if (!nested) return;
  for (const [name, node] of Object.entries(nested)) {
    const full = prefix ? `${prefix}.${name}` : name;
    if (node.values) {
      const byName = new Map(Object.entries(node.values));
      const byNumber = new Map<number, string>();
      for (const [k, v] of byName) if (!byNumber.has(v)) byNumber.set(v, k);
      enums.set(full, { name: full, byName, byNumber });
    }
    if (node.fields) messages.set(full, { name: full, fields: new Map(), byId: new Map(), vendor: node.options?.vendor });
    collect(full, node.nested);
  }
}

function link(prefix: string, nested: Record<string, DescriptorNode> | undefined): void {
  if (!nested) return;
  for (const [name, node] of Object.entries(nested)) {
    const full = prefix ? `${prefix}.${name}` : name;
    if (node.fields) {
      const type = messages.get(full)!;
      for (const [fieldName, f] of Object.entries(node.fields)) {
        const info = fieldInfo(fieldName, f.id, f.type, f.rule === 'repeated', f.options?.packed === true, f.options?.vendor);
        type.fields.set(fieldName, info);
        type.byId.set(f.id, info);
      }
    }
    link(full, node.nested);
  }
}

function fieldInfo(name: string, id: number, typeName: string, repeated: boolean, packed: boolean, vendor?: string): FieldInfo {
  const info: FieldInfo = { name, id, repeated, packed, kind: 'message' };
  if (vendor) info.vendor = vendor;
  if (SCALARS.has(typeName)) info.kind = typeName as ScalarKind;
  else if (enums.has(typeName)) {
    info.kind = 'enum';
    info.enumType = enums.get(typeName);
  } else {
    const message = messages.get(typeName);
    if (!message) throw new Error(`caffe schema: unresolved type ${typeName}`);
    info.message = message;
  }
  return info;
}

collect('', caffeDescriptor.nested);
link('', caffeDescriptor.nested);
for (const [messageName, fields] of Object.entries(ssdTextOnlyFields)) {
  const type = messages.get(messageName)!;
  for (const [name, f] of Object.entries(fields)) {
    const info = fieldInfo(name, f.id, f.type, false, false, 'ssd');
    info.textOnly = true;
    type.fields.set(name, info);
  }
}

export function messageType(name: string): MessageType {
  const type = messages.get(name);
  if (!type) throw new Error(`caffe schema: no message ${name}`);
  return type;
}

export function enumType(name: string): EnumType {
  const type = enums.get(name);
  if (!type) throw new Error(`caffe schema: no enum ${name}`);
  return type;
}

export const NetParameterType = messageType('NetParameter');
export const SolverParameterType = messageType('SolverParameter');
export const LayerParameterType = messageType('LayerParameter');
export const V1LayerParameterType = messageType('V1LayerParameter');
export const BlobProtoType = messageType('BlobProto');
export const BlobShapeType = messageType('BlobShape');
