import { createSignal, Show } from "solid-js";
import { grouped } from "./format.ts";
import type { Shown } from "./shown.ts";
import { diskOfPlaceId, rangeOfPlaceId, vmOfPlaceId } from "./placeIds.ts";

export { createShown, type Shown } from "./shown.ts";

/**
 * Long lists render in proportion to the screen, not the plan (a VM may hold 4096 ranges, a
 * plan 64 disks of 256 partitions): the first page shows, more on request. `mustShow` is an
 * index that has to be on the page (the selected row, the target of a finding's link). Pager.tsx
 * pages the parsed listing's table instead, where a person compares page by page with the listing.
 */

/** "Show all" is offered only while the rest is small enough to draw without a freeze. */
const SHOW_ALL_LIMIT = 1000;

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
