// The messages between the extension host and the model viewer webview; both sides import this
// file and nothing else of each other. One enum split by direction, one interface per message
// with a literal `type`, a union per direction (the vscode-hexeditor pattern). Everything here is
// plain JSON: the graph travels without weights, and strings arrive already localised.

import type { Graph } from '../core/graph/graph';
import type { ModelInfo } from '../core/modelInfo';
import type { WebviewStrings } from './strings';

export enum MessageType {
  // ---- to the webview ----
  /** Localised strings and the UI locale; always the first message after Ready. */
  Init = 'init',
  /** The model is being read (shown while a large file parses). */
  Loading = 'loading',
  ModelLoaded = 'modelLoaded',
  ModelError = 'modelError',

  // ---- from the webview ----
  /** The webview script has started and listens; the host answers with Init and the model. */
  Ready = 'ready',
  /** The user asked to see a node's source (prototxt layer) in the text editor. */
  RevealNode = 'revealNode',
  /** The user asked to read the file again. */
  Reload = 'reload',
}

/** What the webview shows about one model: the summary `npu-deploy info` prints, and the graph. */
export interface ModelView {
  /** The file as the user knows it (a path, or the URI for virtual workspaces). */
  file: string;
  /** Base name for headings. */
  fileName: string;
  info: ModelInfo;
  graph: Graph;
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

export interface ModelLoadedMessage {
  type: MessageType.ModelLoaded;
  model: ModelView;
  /** Whether a node's source can be revealed (text formats opened from a document). */
  canRevealSource: boolean;
}

export interface ModelErrorMessage {
  type: MessageType.ModelError;
  error: ModelErrorView;
}

export interface ReadyMessage {
  type: MessageType.Ready;
}

export interface RevealNodeMessage {
  type: MessageType.RevealNode;
  nodeId: string;
}

export interface ReloadMessage {
  type: MessageType.Reload;
}

export type ToWebviewMessage = InitMessage | LoadingMessage | ModelLoadedMessage | ModelErrorMessage;
export type FromWebviewMessage = ReadyMessage | RevealNodeMessage | ReloadMessage;

/** What the webview keeps across being hidden and shown again (vscode.setState). */
export interface ViewerState {
  search: string;
  scrollTop: number;
  /** From Init: which model this view shows (read back by the panel serializer). */
  resource?: string;
}
