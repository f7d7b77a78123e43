// One read of an open prototxt per document version, shared by its diagnostics and its language
// features: after an edit the validation and the outline, hover or go-to-definition requests that
// VS Code sends with it would each read (and assemble) a 20,000-layer net again; they now wait
// for the same read. Only the newest version of each document is kept.

import { readPrototxtModel, type PrototxtRead } from '../core/diagnostics/prototxtModelDiagnostics';
import { indexPrototxt, type PrototxtIndex } from '../core/formats/caffe/blobReferences';
import type { ModelService } from '../core/modelService';
import { performance } from 'node:perf_hooks';

export interface OpenPrototxt {
  uri: string;
  version: number;
  text: string;
  /** The path the model is read as (weights are not read). */
  file: string;
}

interface Kept {
  version: number;
  read: Promise<PrototxtRead>;
  index?: Promise<PrototxtIndex | undefined>;
}

export class PrototxtReads {
  private readonly kept = new Map<string, Kept>();
  /** Per document, how long its newest finished read took (milliseconds). */
  private readonly cost = new Map<string, number>();

  constructor(private readonly models: ModelService) {}

  private entry(doc: OpenPrototxt): Kept {
    const kept = this.kept.get(doc.uri);
    if (kept?.version === doc.version) return kept;
    const start = performance.now();
    const read = readPrototxtModel(this.models, doc.file, doc.text);
    const entry: Kept = { version: doc.version, read };
    void read.finally(() => this.cost.set(doc.uri, performance.now() - start)).catch(() => undefined);
    this.kept.set(doc.uri, entry);
    return entry;
  }

  /** The model of this version of the document (read past syntax errors), or what stopped the read. */
  read(doc: OpenPrototxt): Promise<PrototxtRead> {
    return this.entry(doc).read;
  }

  /** Layers and blob occurrences of this version, for the language features. */
  index(doc: OpenPrototxt): Promise<PrototxtIndex | undefined> {
    const entry = this.entry(doc);
    // Indexed on a later turn: a validation waiting for the same read publishes its diagnostics first.
    entry.index ??= entry.read.then(
      (r) => new Promise<PrototxtIndex | undefined>((resolve) => setImmediate(() => resolve(r.model ? indexPrototxt(r.model) : undefined))),
      () => undefined,
    );
    return entry.index;
  }

  /** What reading the document cost last time, undefined before its first read ends. */
  lastCost(uri: string): number | undefined {
    return this.cost.get(uri);
  }

  forget(uri: string): void {
    this.kept.delete(uri);
    this.cost.delete(uri);
  }
}
