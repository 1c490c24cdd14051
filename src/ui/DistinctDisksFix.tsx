import { Show } from "solid-js";
import type { AppStore } from "../app/store.ts";
import type { Finding } from "../lib/plan/findings.ts";
import { possiblySamePaths } from "../lib/check/deviceIdentity.ts";

/**
 * The way out of "these paths may be one disk" (docs/device-identity.md): the user's word
 * that they are two disks, recorded in the plan (undoable). The other way, correcting a path,
 * is the "Show the device path" link beside it.
 */
export function DistinctDisksFix(props: { finding: Finding; store: AppStore }) {
  const paths = () => possiblySamePaths(props.store.plan(), props.finding);
  return (
    <Show when={paths()}>
      {(pair) => (
        <button
          type="button"
          class="small"
          title={`Record in the plan that ${pair()[0]} and ${pair()[1]} are two different physical disks`}
          onClick={() => props.store.actions.declareDistinctDevices(pair()[0], pair()[1])}
        >
          These are different disks
        </button>
      )}
    </Show>
  );
}
