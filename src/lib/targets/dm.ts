/**
 * The VM's disk as one Linux device-mapper device, `/dev/mapper/rdp-<vm>` (docs/targets.md),
 * which any hypervisor can then use as a plain block device. The table counts 512-byte sectors:
 *
 *   0 2048 linear @HEAD@ 0                 the head file, through a loop device
 *   2048 62914560 linear /dev/sda 125831168  a range
 *   62916608 100 zero                      identity padding
 *   … linear @TAIL@ 0                      the GPT tail file, through a loop device
 *
 * setup.sh puts the head and tail files on loop devices, fills in their names and creates the
 * map; teardown.sh removes it. dm maps can be read-only only as a whole.
 */
import type { PlanVm } from "../plan/types.ts";
import type { DescriptorLayout } from "../vmdk/descriptor.ts";
import { shQuote } from "../zip/shellQuote.ts";
import type { TargetResult } from "./qemu.ts";

export const dmName = (vm: PlanVm): string =>
  `rdp-${vm.name.replace(/[^A-Za-z0-9_.+-]/g, "_").slice(0, 100)}`;

export interface DmFiles {
  table: string;
  setup: string;
  teardown: string;
}

/** The table's text, with @HEAD@ and @TAIL@ where setup.sh puts the loop devices. */
export function dmTable(layout: DescriptorLayout): string {
  let at = 0n;
  const lines: string[] = [];
  for (const e of layout.extents) {
    const kind = e.source.kind;
    if (kind === "padding") lines.push(`${at} ${e.sectors} zero`);
    else if (kind === "head") lines.push(`${at} ${e.sectors} linear @HEAD@ 0`);
    else if (kind === "tail") lines.push(`${at} ${e.sectors} linear @TAIL@ 0`);
    else lines.push(`${at} ${e.sectors} linear ${e.file} ${e.offset}`);
    at += e.sectors;
  }
  return `${lines.join("\n")}\n`;
}

export function dmFiles(vm: PlanVm, layout: DescriptorLayout): TargetResult<DmFiles> {
  const access = new Set(
    layout.extents.filter((e) => e.source.kind === "range").map((e) => e.access),
  );
  if (access.size > 1) {
    return {
      ok: false,
      error: `${vm.name}: device-mapper can make a map read-only only as a whole, and this VM mixes RW and RDONLY ranges. Make them all one or the other.`,
    };
  }
  if (layout.extents.some((e) => e.source.kind === "range" && /\s/.test(e.file))) {
    return { ok: false, error: `${vm.name}: a dm table cannot name a device path with blanks.` };
  }
  const readOnly = access.has("RDONLY");
  const head = layout.extents.find((e) => e.source.kind === "head");
  const tail = layout.extents.find((e) => e.source.kind === "tail");
  const name = dmName(vm);
  const setup = [
    "#!/bin/sh",
    `# Made by Raw Disk Planner: creates /dev/mapper/${name} from table.txt (run as root).`,
    "set -eu",
    'here=$(cd "$(dirname "$0")" && pwd)',
    `name=${shQuote(name)}`,
    'table=$(cat "$here/table.txt")',
    ...(head
      ? [
          `head=$(losetup -f --show "$here"/../${shQuote(head.file)})`,
          'table=$(printf "%s\\n" "$table" | sed "s#@HEAD@#$head#")',
        ]
      : []),
    ...(tail
      ? [
          `tail=$(losetup -f --show "$here"/../${shQuote(tail.file)})`,
          'table=$(printf "%s\\n" "$table" | sed "s#@TAIL@#$tail#")',
        ]
      : []),
    `printf "%s\\n" "$table" | dmsetup create${readOnly ? " --readonly" : ""} "$name"`,
    'echo "created /dev/mapper/$name"',
    "",
  ].join("\n");
  const teardown = [
    "#!/bin/sh",
    `# Made by Raw Disk Planner: removes /dev/mapper/${name} and its loop devices (run as root).`,
    "set -eu",
    'here=$(cd "$(dirname "$0")" && pwd)',
    `dmsetup remove ${shQuote(name)}`,
    ...[head, tail]
      .filter((e) => e !== undefined)
      .map(
        (e) =>
          `for loop in $(losetup -j "$here"/../${shQuote(e.file)} | cut -d: -f1); do losetup -d "$loop"; done`,
      ),
    "",
  ].join("\n");
  return { ok: true, value: { table: dmTable(layout), setup, teardown } };
}
