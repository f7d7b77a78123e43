// The messages between the extension host, the model viewer webview and its layout worker; each
// side imports this file and nothing else of the others. One enum split by direction, one
// interface per message with a literal `type`, a union per direction (the vscode-hexeditor
// pattern), and paired requests and replies (rpc.ts) for what is asked on demand. The graph
// travels as typed arrays (CompactGraph), moved rather than serialised; attributes, weights and
// long text stay on the host until asked for; strings arrive already localised.

import type { CompactGraph } from '../core/graph/compactGraph';
import type { NodeDetails } from '../core/graph/nodeDetails';
import type { GraphLayout } from '../core/layout/graphLayout';
import type { GroupedGraphLayout } from '../core/layout/groupedLayout';
import type { ModelSummary } from '../core/modelInfo';
import type { WeightStatistics } from '../core/weights/weightStatistics';
import type { ReplyMessage, RequestMessage } from './rpc';
import type { WebviewStrings } from './strings';

/** What a weightStatistics request answers; the webview takes the type from here, not from core. */
export type { WeightStatistics };

export enum MessageType {
  // ---- to the webview ----
  /** Localised strings and the UI locale; always the first message after Ready. */
  Init = 'init',
  /** The model is being read (shown while a large file parses). */
  Loading = 'loading',
  ModelLoaded = 'modelLoaded',
  ModelError = 'modelError',
  /** The cursor in the prototxt beside the graph moved into a layer: select and centre its node. */
  HighlightNode = 'highlightNode',

  // ---- from the webview ----
  /** The webview script has started and listens; the host answers with Init and the model. */
  Ready = 'ready',
  /** The user asked to see a node's source (prototxt layer) in the text editor. */
  RevealNode = 'revealNode',
  /** The user asked to read the file again. */
  Reload = 'reload',
  /** The user asked to dump the chosen range as a sub-model: the Dump dialog opens prefilled. */
  DumpRange = 'dumpRange',
}

/** What the webview shows about one model besides its graph: the `npu-deploy info` figures. */
export interface ModelView {
  /** The file as the user knows it (a path, or the URI for virtual workspaces). */
  file: string;
  /** Base name for headings. */
  fileName: string;
  /** `npu-deploy info`'s figures without the node list (the graph carries the nodes). */
  info: ModelSummary;
}

/** A parse error as one line, plus its parts for layout. */
export interface ModelErrorView {
  file: string;
  /** `12:5`, `byte 1234`, or empty when the whole file is meant. */
  place: string;
  detail: string;
  /** The full one-line message (`file:12:5: detail`). */
  message: string;
}

export interface InitMessage {
  type: MessageType.Init;
  /** The model's URI; the webview keeps it in its state so a reloaded window can reopen the panel. */
  resource: string;
  locale: string;
  strings: WebviewStrings;
}

export interface LoadingMessage {
  type: MessageType.Loading;
  fileName: string;
}

/**
 * Results carry the number of the read that produced them. Reads of an edited prototxt can
 * overlap; the webview never replaces a newer result with an older one.
 */
export interface ModelLoadedMessage {
  type: MessageType.ModelLoaded;
  version: number;
  model: ModelView;
  graph: CompactGraph;
  /** Whether a node's source can be revealed (text formats opened from a document). */
  canRevealSource: boolean;
}

export interface ModelErrorMessage {
  type: MessageType.ModelError;
  version: number;
  error: ModelErrorView;
}

export interface HighlightNodeMessage {
  type: MessageType.HighlightNode;
  nodeId: string;
}

export interface ReadyMessage {
  type: MessageType.Ready;
}

export interface RevealNodeMessage {
  type: MessageType.RevealNode;
  nodeId: string;
}

export interface DumpRangeMessage {
  type: MessageType.DumpRange;
  starts: string[];
  ends: string[];
}

export interface ReloadMessage {
  type: MessageType.Reload;
}

/** What the webview asks the host for, by node id. */
export type HostMethods = {
  /** Attributes, ports with shapes and dtypes, weights; null when the model has no such node (any more). */
  nodeDetails: { params: { nodeId: string }; result: NodeDetails | null };
  /**
   * The Python lines that created a Paddle op, each with the file and line it names when that
   * file is inside the workspace (the webview offers those as links); null when it keeps none.
   */
  callstack: { params: { nodeId: string }; result: CallstackFrame[] | null };
  /**
   * Opens a callstack frame's file at its line. The host checks again that the file is inside the
   * workspace (the webview's word is not enough); false when it is not, or is gone.
   */
  openSource: { params: { file: string; line: number }; result: { opened: boolean } };
  /**
   * A weight's min, max, mean, standard deviation, NaN/Inf counts and histogram, computed on the
   * host by streaming the tensor through the lazy weight index. The weight is named by its node
   * and slot; null when the node, the weight or its bytes are not there (any more).
   */
  weightStatistics: { params: { nodeId: string; slot: string }; result: WeightStatistics | null };
  /**
   * Saves the current view where the user picks: as SVG (drawn on the host by graphSvg.ts, the
   * rectangle `view` of the drawing, the range coloured when one is chosen) or as PNG (the
   * canvas's own pixels, `png`); `expandedGroups` are the groups the view shows expanded (all when
   * absent), so the SVG lays the groups out as the canvas does. The file's path,
   * or null when the user cancelled.
   */
  exportView: { params: ExportViewParams; result: { saved: string | null } };
};

/** One entry of an op's callstack as the details panel shows it. */
export interface CallstackFrame {
  text: string;
  /** The file (a path inside the workspace) and 1-based line, when the entry names one there. */
  source?: { file: string; line: number };
}

export type ExportViewParams =
  | { format: 'svg'; view: { x: number; y: number; width: number; height: number }; range?: { starts: string[]; ends: string[] }; expandedGroups?: string[] }
  | { format: 'png'; png: Uint8Array };

/** What the webview asks its layout worker for. */
export type WorkerMethods = {
  /** Each node's layer, of the graph given (the worker keeps it for later requests) or the one kept. */
  layering: { params: { graph?: CompactGraph }; result: { layer: Int32Array; layerCount: number } };
  /**
   * The full layered layout (boxes sized as `npu-deploy draw` sizes them) as typed arrays, moved
   * back. Without a graph, of the one the last request brought (no second copy of it).
   */
  layout: { params: { graph?: CompactGraph }; result: GraphLayout };
  /**
   * The layout with groups (nodeGroups.ts): those named expanded, the others one box each. The
   * worker keeps each group's own layout, so a later request lays out only what changed.
   */
  groupedLayout: { params: { graph?: CompactGraph; expanded: string[] }; result: GroupedGraphLayout };
};

export type ToWebviewMessage = InitMessage | LoadingMessage | ModelLoadedMessage | ModelErrorMessage | HighlightNodeMessage | ReplyMessage;
export type FromWebviewMessage = ReadyMessage | RevealNodeMessage | ReloadMessage | DumpRangeMessage | RequestMessage<HostMethods>;

/** What the webview keeps across being hidden and shown again (vscode.setState). */
export interface ViewerState {
  /** Which tab shows: the graph drawn, or the overview of tables. */
  view: 'graph' | 'overview';
  search: string;
  scrollTop: number;
  /** From Init: which model this view shows (read back by the panel serializer). */
  resource?: string;
  /** The graph view's pan and zoom (d3-zoom's transform), when the graph has been drawn. */
  zoom: { x: number; y: number; k: number } | null;
  /** Selected node ids. */
  selection: string[];
  /** Group paths the user expanded. */
  expandedGroups: string[];
  /** Whether expandedGroups is the user's choice; until then the graph's size decides (groupsOpenByDefault). */
  groupsChosen: boolean;
  /** The range being chosen: start and end node ids (either list may be empty while choosing). */
  range: { starts: string[]; ends: string[] };
}
