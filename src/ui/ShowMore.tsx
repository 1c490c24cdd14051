import { createEffect, createMemo, createSignal, onCleanup, Show, untrack } from "solid-js";
import { grouped } from "./format.ts";
import { PAGE_ROWS } from "./Pager.tsx";
import { diskOfPlaceId, rangeOfPlaceId, vmOfPlaceId } from "./placeIds.ts";

/**
 * Long lists render in proportion to the screen, not the plan (a VM may hold 4096 ranges, a
 * plan 64 disks of 256 partitions): the first page shows, more on request. `mustShow` is an
 * index that has to be on the page (the selected row, the target of a finding's link). Pager.tsx
 * pages the parsed listing's table instead, where a person compares page by page with the listing.
 */

/** "Show all" is offered only while the rest is small enough to draw without a freeze. */
const SHOW_ALL_LIMIT = 1000;

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

/** "Showing 25 of 4,096 ranges. [Show 25 more] [Show all]", or nothing when all show. */
export function ShowMore(props: { shown: Shown; noun: string }) {
  const hidden = () => props.shown.total() - props.shown.showing();
  const step = () => Math.min(hidden(), props.shown.page);
  return (
    <Show when={hidden() > 0}>
      <p class="show-more" role="status">
        Showing {grouped(BigInt(props.shown.showing()))} of {grouped(BigInt(props.shown.total()))}{" "}
        {props.noun}.{" "}
        <button type="button" class="small" onClick={() => props.shown.more()}>
          Show {grouped(BigInt(step()))} more
        </button>
        <Show when={hidden() <= SHOW_ALL_LIMIT && hidden() > step()}>
          {" "}
          <button type="button" class="small" onClick={() => props.shown.all()}>
            Show all
          </button>
        </Show>
      </p>
    </Show>
  );
}

// The element a finding's link is about to show: lists that page their items render far enough
// to hold it (set before the link looks the element up; rendering follows synchronously).
const [revealed, setRevealed] = createSignal<string | null>(null);
export const reveal = (elementId: string): void => {
  setRevealed(elementId);
};

/** The VM card a revealed element lies in. */
export const revealedVm = (): number | null => vmOfPlaceId(revealed());

/** The range row a revealed element is, within VM `vm`. */
export function revealedRange(vm: number): number | null {
  const r = rangeOfPlaceId(revealed());
  return r && r.vm === vm ? r.range : null;
}

/** Which of `diskIds` a revealed element lies in. */
export const revealedDisk = (diskIds: readonly string[]): number | null =>
  diskOfPlaceId(revealed(), diskIds);

/** The larger of two optional indexes. */
export const laterOf = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);
