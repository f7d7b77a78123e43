// Child process of `npm run bench` (issue 13's figures): the graph viewer in headless chromium,
// one fresh browser per model so each peak is its own. For each model: reading it as the
// extension host does (openModel + summary + compact graph, in this Node process), then in the
// real viewer bundle the time from the ModelLoaded message reaching the page to the first frame
// with the graph (layout worker included), on the page's own clock, and the renderer process's
// peak resident memory (VmHWM of the pids chromium reports over CDP). The message is placed in
// the page first, untimed, with its typed arrays as typed arrays (playwright carries them so),
// and then posted to the window: the viewer receives what VS Code delivers, and the clock holds
// none of the harness's copying. With `--pan`, also the frame times of 30 pan steps (after 3
// warm-up steps) at 1:1 and fitted to view, dragged through d3-zoom's own mouse handlers from
// an animation-frame loop, as rendering.md measured them. With each, the page's breakdown of
// open→drawn (its stage marks: page built, layout asked, layout back, scene built, first frame).
// Prints one JSON line per model.
// Usage: measureDraw.js [--pan] LABEL=FILE...
//
// `performance` here is the global one, never imported from node:perf_hooks: the functions given
// to page.evaluate run in the page, and an imported name compiles to a module variable the page
// does not have (the clock's listener then threw on its first line after the type check, and
// recorded nothing).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { toCompactGraph } from '../../src/core/graph/compactGraph';
import { modelSummary } from '../../src/core/modelInfo';
import { openModel } from '../../src/core/openModel';
import { webviewStrings } from '../../src/extension/webviewStrings';
import { MessageType, type ModelView } from '../../src/protocol/messages';
import { format } from '../../src/protocol/strings';
import { launchChromium, openViewerPage } from '../webview/viewerPage';

/** rAF unthrottled, so a frame's time is its own and not the 16.7 ms vsync (rendering.md). */
const BENCH_ARGS = ['--disable-frame-rate-limit', '--disable-gpu-vsync'];
const PAN_STEPS = 30;
const WARM_UP_STEPS = 3;

type GraphWindow = {
  __npuGraph?: { frames(): number; timings(): Record<string, number>; zoomTo(t: { x: number; y: number; k: number }): void; transform(): { x: number; y: number; k: number }; layout: { totalWidth: number; totalHeight: number } };
  __benchMessage?: unknown;
};

/** What the page's clock saw: the message arriving and the first frame with the graph, or the layout's error. */
type DrawTimes = { received: number; drawn: number } | { error: string };

async function rendererPeakMB(browser: Browser): Promise<number> {
  const session = await browser.newBrowserCDPSession();
  try {
    const info = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    let peak = 0;
    for (const p of info.processInfo.filter((q) => q.type === 'renderer')) {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) / 1024);
      } catch {
        // The process ended between the two calls: its peak is no longer there to read.
      }
    }
    return peak;
  } finally {
    await session.detach();
  }
}

/** 3 warm-up and 30 measured drag steps of `step` CSS pixels, one per animation frame; the rAF-to-rAF intervals. */
function pan(page: Page, step: number): Promise<number[]> {
  return page.evaluate(({ step, steps, warm }) => new Promise<number[]>((resolve) => {
    const canvas = document.querySelector('[data-testid="graph-canvas"]') as HTMLCanvasElement;
    const r = canvas.getBoundingClientRect();
    let x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    const mouse = (type: string, target: EventTarget) => target.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, button: 0, buttons: 1, bubbles: true, cancelable: true, view: window }));
    mouse('mousedown', canvas);
    const times: number[] = [];
    let last = 0;
    let n = 0;
    const tick = (now: number) => {
      if (n > warm) times.push(now - last);
      last = now;
      if (n++ === steps + warm) {
        mouse('mouseup', window);
        resolve(times);
        return;
      }
      x -= step;
      mouse('mousemove', window);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }), { step, steps: PAN_STEPS, warm: WARM_UP_STEPS });
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

async function measure(label: string, file: string, withPan: boolean): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const opened = await openModel(file);
  const model = JSON.parse(JSON.stringify({ file, fileName: path.basename(file), info: modelSummary(opened) })) as ModelView;
  const graph = toCompactGraph(opened.graph);
  const readMs = performance.now() - t0;

  const browser = await launchChromium(BENCH_ARGS);
  try {
    const v = await openViewerPage(browser, 'light');
    const page = v.page;
    page.setDefaultTimeout(Number(process.env.NPU_BENCH_TIMEOUT_MS ?? 600_000));
    await v.send({ type: MessageType.Init, resource: `file://${file}`, locale: 'en', strings: webviewStrings((m, ...a) => format(m, ...a.map(String))) });
    const message = { type: MessageType.ModelLoaded, version: 1, model, graph, canRevealSource: false };
    await page.evaluate((m) => void ((window as unknown as GraphWindow).__benchMessage = m), message);
    const times = await page.evaluate(({ loaded, errorSelector }) => new Promise<DrawTimes>((resolve) => {
      const w = window as unknown as GraphWindow;
      // Capturing on window runs before the viewer's own listener: the clock starts as the message
      // arrives, before its data is read (and so deserialised), as the webview pays for it too.
      const onMessage = (e: MessageEvent) => {
        const at = performance.now();
        if ((e.data as { type?: string } | null)?.type !== loaded) return;
        window.removeEventListener('message', onMessage, { capture: true });
        // A frame with the graph has been drawn once the view counts one; seen at the start of
        // the next animation frame, so the drawn frame has also been composited.
        const poll = () => {
          if ((w.__npuGraph?.frames() ?? 0) > 0) resolve({ received: at, drawn: performance.now() });
          else if (document.querySelector(errorSelector)) resolve({ error: document.querySelector(errorSelector)!.textContent ?? 'layout failed' });
          else requestAnimationFrame(poll);
        };
        requestAnimationFrame(poll);
      };
      window.addEventListener('message', onMessage, { capture: true });
      window.postMessage(w.__benchMessage, '*');
      delete w.__benchMessage;
    }), { loaded: MessageType.ModelLoaded, errorSelector: '[data-testid="graph-status"] .error' });
    if ('error' in times) throw new Error(`${label}: the layout failed: ${times.error}`);
    // Where the time went: the page's own marks (webview/graph/graphTimings.ts), from the message's
    // arrival at the viewer's listener. The clock starts at whichever of that and this harness's
    // listener saw the message first: chromium here has been seen to run the viewer's listener
    // (and so the whole page build) before this capturing one, which made open→drawn look
    // hundreds of milliseconds shorter than it was.
    const { arrivedAt, ...stages } = await page.evaluate(() => (window as unknown as GraphWindow).__npuGraph!.timings());
    const received = Math.min(times.received, arrivedAt ?? Infinity);
    const result: Record<string, unknown> = { label, nodes: graph.nodeCount, edges: graph.edgeCount, readMs, drawnMs: times.drawn - received, stages };
    if (withPan) {
      const fitted = await page.evaluate(() => (window as unknown as GraphWindow).__npuGraph!.transform());
      const layout = await page.evaluate(() => ({ w: (window as unknown as GraphWindow).__npuGraph!.layout.totalWidth, h: (window as unknown as GraphWindow).__npuGraph!.layout.totalHeight }));
      // 1:1 in the middle of the net, then fitted again (25 px steps at 1:1, 12 px at fit, as rendering.md).
      await page.evaluate((l) => (window as unknown as GraphWindow).__npuGraph!.zoomTo({ k: 1, x: 550 - l.w / 2, y: 450 - l.h / 2 }), layout);
      const close = await pan(page, 25);
      await page.evaluate((t) => (window as unknown as GraphWindow).__npuGraph!.zoomTo(t), fitted);
      const far = await pan(page, 12);
      Object.assign(result, { panCloseMedianMs: median(close), panCloseWorstMs: Math.max(...close), panFitMedianMs: median(far), panFitWorstMs: Math.max(...far) });
    }
    result.rendererPeakMB = await rendererPeakMB(browser);
    await v.close();
    return result;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const withPan = args.includes('--pan');
  for (const arg of args.filter((a) => a !== '--pan')) {
    const at = arg.indexOf('=');
    const [label, file] = [arg.slice(0, at), arg.slice(at + 1)];
    try {
      console.log(JSON.stringify(await measure(label, file, withPan)));
    } catch (e) {
      console.log(JSON.stringify({ label, error: e instanceof Error ? e.message.split('\n')[0] : String(e) }));
    }
  }
}

void main();
