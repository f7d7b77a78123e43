// The shape of the protobufjs JSON descriptor that genSchema.mjs writes, as much of it as we read.

export interface DescriptorField {
  rule?: 'repeated' | 'required' | 'optional';
  type: string;
  id: number;
  options?: { packed?: boolean; default?: unknown; vendor?: string };
}

export interface DescriptorNode {
  fields?: Record<string, DescriptorField>;
  values?: Record<string, number>;
  nested?: Record<string, DescriptorNode>;
  options?: { vendor?: string };
  edition?: string;
}

export interface CaffeDescriptor {
  nested: Record<string, DescriptorNode>;
}
