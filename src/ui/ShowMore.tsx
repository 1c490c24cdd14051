import { createMemo, createSignal, Show } from "solid-js";
import { grouped } from "./format.ts";
import { PAGE_ROWS } from "./Pager.tsx";

/**
 * Long lists render in proportion to the screen, not the plan (a VM may hold 4096 ranges, a
 * plan 64 disks of 256 partitions): the first page shows, more on request. `mustShow` is an
 * index that has to be on the page (the selected row, the target of a finding's link). Pager.tsx
 * pages the parsed listing's table instead, where a person compares page by page with the listing.
 */
export { PAGE_ROWS };
/** "Show all" is offered only while the rest is small enough to draw without a freeze. */
const SHOW_ALL_LIMIT = 1000;

export interface Shown {
  /** How many from the start of the list to render. */
  count: () => number;
  /**
   * What to render when items are whole components (VM cards, disk panels): the first `count`,
   * plus the one that must show, alone, without everything before it.
   */
  indexes: () => number[];
  total: () => number;
  more: () => void;
  all: () => void;
}

export function createShown(
  total: () => number,
  page = PAGE_ROWS,
  mustShow: () => number | null = () => null,
): Shown {
  const [asked, setAsked] = createSignal(page);
  const count = createMemo(() => Math.min(total(), asked()));
  const indexes = createMemo(() => {
    const first = Array.from({ length: count() }, (_, i) => i);
    const must = mustShow();
    return must !== null && must >= count() && must < total() ? [...first, must] : first;
  });
  return {
    count,
    indexes,
    total,
    more: () => setAsked(count() + page),
    all: () => setAsked(Number.MAX_SAFE_INTEGER),
  };
}

/** Rows of a table: the first page, extended to reach the row that must show. */
export function createShownRows(
  total: () => number,
  mustShow: () => number | null,
  page = PAGE_ROWS,
): Shown {
  const [asked, setAsked] = createSignal(page);
  const count = createMemo(() => {
    const must = mustShow();
    const wanted = must === null ? asked() : Math.max(asked(), Math.ceil((must + 1) / page) * page);
    return Math.min(total(), wanted);
  });
  const indexes = createMemo(() => Array.from({ length: count() }, (_, i) => i));
  return {
    count,
    indexes,
    total,
    more: () => setAsked(count() + page),
    all: () => setAsked(Number.MAX_SAFE_INTEGER),
  };
}

/** "Showing 100 of 4,096 ranges. [Show 100 more] [Show all]", or nothing when all show. */
export function ShowMore(props: { shown: Shown; noun: string; page?: number }) {
  const hidden = () => props.shown.total() - props.shown.indexes().length;
  const step = () => Math.min(hidden(), props.page ?? PAGE_ROWS);
  return (
    <Show when={hidden() > 0}>
      <p class="show-more" role="status">
        Showing {grouped(BigInt(props.shown.indexes().length))} of{" "}
        {grouped(BigInt(props.shown.total()))} {props.noun}.{" "}
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
export const revealedId = revealed;

/** The index of the VM card a revealed element lies in (`vm-3`, `vm-3-name`, `vm-3-range-7`). */
export function revealedVm(): number | null {
  const m = /^vm-(\d+)(?:-|$)/.exec(revealed() ?? "");
  return m ? Number(m[1]) : null;
}

/** The range row a revealed element is, within VM `vm`. */
export function revealedRange(vm: number): number | null {
  const m = /^vm-(\d+)-range-(\d+)$/.exec(revealed() ?? "");
  return m && Number(m[1]) === vm ? Number(m[2]) : null;
}

/** Which of `diskIds` a revealed element lies in (`disk-d3`, `disk-d3-size`). */
export function revealedDisk(diskIds: readonly string[]): number | null {
  const id = revealed();
  if (id === null) return null;
  const i = diskIds.findIndex((d) => id === `disk-${d}` || id.startsWith(`disk-${d}-`));
  return i < 0 ? null : i;
}

/** The larger of two optional indexes. */
export const laterOf = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);
