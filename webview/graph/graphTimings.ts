// When each stage of opening a model's graph happened, in milliseconds on the page's clock from
// the model message's arrival: what the bench prints as open→drawn's breakdown (measureDraw.ts),
// so a slow stage can be told from the others. Only the first time of each stage after a start
// counts; recording is a clock read and a property store, nothing a user would notice.

let start = 0;
let stages: Record<string, number> = {};

/** The model message arrived (at `at` on the page's clock, before its data was read): the stages count from then. */
export function startStages(at: number): void {
  start = at;
  stages = {};
}

/** A stage of the first frame was reached (kept only the first time). */
export function stage(name: string): void {
  if (!(name in stages)) stages[name] = performance.now() - start;
}

/** The stages, and `arrivedAt`: when the message arrived on the page's clock, for a harness timing from outside. */
export function stageTimes(): Record<string, number> {
  return { ...stages, arrivedAt: start };
}
