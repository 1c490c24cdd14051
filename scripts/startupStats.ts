/**
 * The start-up benchmark's arithmetic (scripts/bench-startup.ts, docs/startup.md): what one
 * load records, the medians of a batch, the app ÷ baseline ratio, and how batches compare with
 * the goal. Kept apart from the browser and the servers so that it can be tested on its own.
 */

/** The goal: the app's paste box usable in at most 1.3 times the baseline's time. */
export const RATIO_GOAL = 1.3;

/** What one page load records (milliseconds from the navigation's start). */
export interface StartupTimes {
  /** The end of the first frame with the box in the page, enabled and editable (typed text is
   * kept from here on); never before first contentful paint. */
  visible: number;
  /** The same for the first frame after the page's script took the box over (its ready mark). */
  ready: number;
  /** First contentful paint. */
  firstPaint: number;
  /** Where the time went: the page's HTML received, its first script file received (the app's
   * is loaded after the first paint, by the page's inline start), the ready mark. */
  htmlReceived: number;
  scriptReceived: number;
  marked: number;
  /** Sum of layout-shift scores up to the end of the measurement (0: nothing moved). */
  layoutShift: number;
  /** Repeat visits: whether a service worker controlled the page. */
  viaWorker?: boolean;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export type Page2 = "app" | "baseline";
export type Visit = "first" | "repeat";
export type Samples = Record<Visit, Record<Page2, StartupTimes[]>>;

export interface StartupReport {
  runs: number;
  medians: Record<Visit, Record<Page2, StartupTimes>>;
  /** Median ready time of the app ÷ that of the baseline. */
  ratio: Record<Visit, number>;
  /** The same for first contentful paint. */
  paintRatio: Record<Visit, number>;
  /**
   * The app's median ready time on a repeat visit (through its service worker) ÷ that on a
   * first visit: "the repeat visit is as fast as the first" when it is at most 1.
   */
  appRepeatOverFirst: number;
}

export function summarise(samples: Samples, runs: number): StartupReport {
  const med = (list: StartupTimes[]): StartupTimes => ({
    visible: median(list.map((t) => t.visible)),
    ready: median(list.map((t) => t.ready)),
    firstPaint: median(list.map((t) => t.firstPaint)),
    htmlReceived: median(list.map((t) => t.htmlReceived)),
    scriptReceived: median(list.map((t) => t.scriptReceived)),
    marked: median(list.map((t) => t.marked)),
    layoutShift: Math.max(0, ...list.map((t) => t.layoutShift)),
  });
  const medians = {
    first: { app: med(samples.first.app), baseline: med(samples.first.baseline) },
    repeat: { app: med(samples.repeat.app), baseline: med(samples.repeat.baseline) },
  };
  const ratio = (v: Visit, key: "ready" | "firstPaint") =>
    medians[v].app[key] / medians[v].baseline[key];
  return {
    runs,
    medians,
    ratio: { first: ratio("first", "ready"), repeat: ratio("repeat", "ready") },
    paintRatio: { first: ratio("first", "firstPaint"), repeat: ratio("repeat", "firstPaint") },
    appRepeatOverFirst: medians.repeat.app.ready / medians.first.app.ready,
  };
}

/** How the ratios of several batches of one kind of visit compare with the goal. */
export interface BatchSpread {
  batches: number;
  /** The median of the batches' ratios (each a ratio of medians), and the lowest and highest. */
  median: number;
  lowest: number;
  highest: number;
  /** How many batches came out over RATIO_GOAL. */
  overGoal: number;
}

/** The median over batches of the app's repeat ÷ first visit, with its lowest and highest. */
export function repeatOverFirst(reports: readonly StartupReport[]): {
  median: number;
  lowest: number;
  highest: number;
} {
  const r = reports.map((x) => x.appRepeatOverFirst);
  return { median: median(r), lowest: Math.min(...r), highest: Math.max(...r) };
}

/** Every batch's ready-time ratio, per kind of visit, summed up against the goal. */
export function acrossBatches(reports: readonly StartupReport[]): Record<Visit, BatchSpread> {
  const spread = (visit: Visit): BatchSpread => {
    const ratios = reports.map((r) => r.ratio[visit]);
    return {
      batches: ratios.length,
      median: median(ratios),
      lowest: Math.min(...ratios),
      highest: Math.max(...ratios),
      overGoal: ratios.filter((r) => r > RATIO_GOAL).length,
    };
  };
  return { first: spread("first"), repeat: spread("repeat") };
}
