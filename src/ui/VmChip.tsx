import type { PlanVm } from "../lib/plan/types.ts";
import { colorIndex, swatch } from "../app/palette.ts";

/** A VM's colour, stripes and letter: the token the map, tables and cards share. */
export function VmChip(props: { vm: PlanVm | undefined; index: number }) {
  return (
    <span class={`chip vm-c${colorIndex(props.vm?.color, props.index)}`} aria-hidden="true">
      {swatch(props.vm?.color, props.index).letter}
    </span>
  );
}
