import { createEffect, createMemo, createSignal, onCleanup, untrack } from "solid-js";

/**
 * Which part of a long list to draw (ShowMore.tsx draws the "Showing … of …" line under it).
 * Kept apart from the components so that it runs in unit tests (shown.test.ts).
 */

/**
 * Rows drawn at once in a long table. The page stays as quick with 10,000 rows as with 100
 * (docs/big-listings.md): what is drawn is in proportion to the screen, not to the listing.
 */
export const PAGE_ROWS = 100;

export interface Shown {
  /** How many from the start of the list are shown (with `gradual`, some may still be coming). */
  count: () => number;
  /**
   * What to render: the first `count` (with `gradual`, those drawn so far), plus the item that
   * must show when it lies beyond them (drawn alone, without everything before it).
   */
  indexes: () => number[];
  /** How many items the list shows once drawn: `count`, and the one that must show beyond it. */
  showing: () => number;
  total: () => number;
  /** How many more one "Show more" draws. */
  page: number;
  more: () => void;
  all: () => void;
}

/**
 * The part of a list to draw. `mustShow` is an index that has to be drawn; `reach: "rows"`
 * extends the first pages to it (a table's rows keep their order with no gap), `"alone"` adds
 * it by itself (whole components: VM cards, disk panels).
 *
 * `gradual: n` draws a page that grows by more than n items n at a time, one task each: a big
 * plan's first page of disk panels or VM cards is several short tasks, not one long one, and
 * the page answers in between (docs/big-plans.md). The item that must show is drawn at once.
 */
export function createShown(
  total: () => number,
  options: {
    page?: number;
    mustShow?: () => number | null;
    reach?: "rows" | "alone";
    gradual?: number;
  } = {},
): Shown {
  const page = options.page ?? PAGE_ROWS;
  const mustShow = options.mustShow ?? (() => null);
  const [asked, setAsked] = createSignal(page);
  const count = createMemo(() => {
    const must = options.reach === "rows" ? mustShow() : null;
    const wanted = must === null ? asked() : Math.max(asked(), Math.ceil((must + 1) / page) * page);
    return Math.min(total(), wanted);
  });
  // How many of the first `count` are drawn: all, or (gradual) those drawn so far.
  const [drawnUpTo, setDrawnUpTo] = createSignal(0);
  const gradual = options.gradual ?? 0;
  const drawn = createMemo(() =>
    gradual > 0 ? Math.min(count(), Math.max(drawnUpTo(), gradual)) : count(),
  );
  if (gradual > 0) {
    createEffect(() => {
      const target = count();
      const now = drawn();
      // A list that shrank (another plan came) grows gradually again from where it is.
      if (untrack(drawnUpTo) > target) setDrawnUpTo(target);
      if (now >= target) return;
      const next = setTimeout(() => setDrawnUpTo(now + gradual), 0);
      onCleanup(() => clearTimeout(next));
    });
  }
  const indexes = createMemo(() => {
    const first = Array.from({ length: drawn() }, (_, i) => i);
    const must = mustShow();
    return must !== null && must >= drawn() && must < total() ? [...first, must] : first;
  });
  const showing = () => {
    const must = mustShow();
    return count() + (must !== null && must >= count() && must < total() ? 1 : 0);
  };
  return {
    count,
    indexes,
    showing,
    total,
    page,
    more: () => setAsked(count() + page),
    all: () => setAsked(Number.MAX_SAFE_INTEGER),
  };
}
