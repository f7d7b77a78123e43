// The build bundles a worker and hands its code to the page as text (scripts/build.mjs), so the
// worker starts from a blob: URL: VS Code's webview cannot start one from a resource URL.
declare module 'worker-source:*' {
  const source: string;
  export default source;
}
