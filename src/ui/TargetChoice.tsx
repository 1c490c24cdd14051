import { For } from "solid-js";
import type { AppStore } from "../app/store.ts";
import { TARGETS, type PlanVm, type Target } from "../lib/plan/types.ts";

const LABELS: Record<Target, string> = {
  virtualbox: "VirtualBox (any host)",
  qemu: "QEMU (run script)",
  libvirt: "libvirt (disk XML)",
  dm: "Linux device-mapper",
};

/** Which hypervisors' files the zip holds for this VM (docs/targets.md). At least one. */
export function TargetChoice(props: { vm: PlanVm; index: number; store: AppStore }) {
  const chosen = (): readonly Target[] => props.vm.targets ?? ["virtualbox"];
  const toggle = (target: Target, on: boolean) => {
    const next = TARGETS.filter((t) => (t === target ? on : chosen().includes(t)));
    if (next.length > 0) props.store.actions.updateVm(props.index, { targets: next });
  };
  return (
    <fieldset class="target-choice">
      <legend>Files for {props.vm.name}</legend>
      <For each={TARGETS}>
        {(target) => (
          <label>
            <input
              type="checkbox"
              checked={chosen().includes(target)}
              disabled={chosen().length === 1 && chosen().includes(target)}
              onChange={(e) => toggle(target, e.currentTarget.checked)}
            />{" "}
            {LABELS[target]}
          </label>
        )}
      </For>
    </fieldset>
  );
}
