import { For, Show } from "solid-js";
import type { AppStore } from "../app/store.ts";
import { DiskPanel } from "./DiskPanel.tsx";
import { createShown, laterOf, revealedDisk, ShowMore } from "./ShowMore.tsx";

/** Disk panels drawn at once; a plan may hold 64 disks of 256 partitions each. */
const DISKS_PER_PAGE = 4;

export function DisksStep(props: { store: AppStore }) {
  const disks = () => props.store.plan().disks;
  const shown = createShown(() => disks().length, {
    page: DISKS_PER_PAGE,
    gradual: 1,
    reach: "alone",
    mustShow: () => {
      const ids = disks().map((d) => d.id);
      const sel = props.store.selection();
      const selected = sel?.kind === "segment" ? ids.indexOf(sel.disk) : -1;
      return laterOf(selected < 0 ? null : selected, revealedDisk(ids));
    },
  });
  return (
    <Show
      when={disks().length > 0}
      fallback={
        <p class="empty">
          The disk map appears here once a listing is pasted
          {props.store.listing()?.ok ? " and a disk is chosen" : ""}.
        </p>
      }
    >
      <For each={shown.indexes()}>
        {(i) => (
          <Show when={disks()[i]}>{(disk) => <DiskPanel disk={disk()} store={props.store} />}</Show>
        )}
      </For>
      <ShowMore shown={shown} noun="disks" />
    </Show>
  );
}
