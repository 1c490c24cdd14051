import { createMemo, createSignal, Show } from "solid-js";
import { groupDigits } from "../lib/units.ts";
import { PAGE_ROWS } from "./shown.ts";

/** Rows drawn at once in a long table (defined in shown.ts, beside the lists that page too). */
export { PAGE_ROWS };

/** One page of a long list: `rows()` is what to draw, from index `first()`. */
export function createPaging<T>(items: () => readonly T[], size = PAGE_ROWS) {
  const [wanted, setPage] = createSignal(0);
  const pages = () => Math.max(1, Math.ceil(items().length / size));
  /** The page shown: the one asked for, or the last when the list has become shorter. */
  const page = () => Math.min(wanted(), pages() - 1);
  const first = () => page() * size;
  const rows = createMemo(() => items().slice(first(), first() + size));
  const total = () => items().length;
  return { rows, first, page, pages, total, setPage, size };
}
export type Paging = ReturnType<typeof createPaging>;

const n = (value: number) => groupDigits(BigInt(value));

/** First / Previous / "Partitions 101–200 of 9,991" / Next / Last, when there is more than a page. */
export function Pager(props: { paging: Paging; noun: string; label: string }) {
  const p = () => props.paging;
  const last = () => p().pages() - 1;
  return (
    <Show when={p().pages() > 1}>
      <nav class="pager row" aria-label={props.label}>
        <button
          type="button"
          class="small"
          disabled={p().page() === 0}
          onClick={() => p().setPage(0)}
        >
          First
        </button>
        <button
          type="button"
          class="small"
          disabled={p().page() === 0}
          onClick={() => p().setPage(p().page() - 1)}
        >
          Previous
        </button>
        <span class="pager-place" aria-live="polite">
          {props.noun} {n(p().first() + 1)}–{n(p().first() + p().rows().length)} of {n(p().total())}
        </span>
        <button
          type="button"
          class="small"
          disabled={p().page() === last()}
          onClick={() => p().setPage(p().page() + 1)}
        >
          Next
        </button>
        <button
          type="button"
          class="small"
          disabled={p().page() === last()}
          onClick={() => p().setPage(last())}
        >
          Last
        </button>
      </nav>
    </Show>
  );
}
