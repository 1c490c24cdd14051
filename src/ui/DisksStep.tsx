import { Index, Show } from "solid-js";
import type { AppStore } from "../app/store.ts";
import { DiskPanel } from "./DiskPanel.tsx";

export function DisksStep(props: { store: AppStore }) {
  return (
    <Show
      when={props.store.plan().disks.length > 0}
      fallback={
        <p class="empty">
          The disk map appears here once a listing is pasted
          {props.store.listing()?.ok ? " and a disk is chosen" : ""}.
        </p>
      }
    >
      <Index each={props.store.plan().disks}>
        {(disk) => <DiskPanel disk={disk()} store={props.store} />}
      </Index>
    </Show>
  );
}
