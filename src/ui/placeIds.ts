/**
 * Element ids of the things findings point at, so that "Show …" in the review can select,
 * scroll to and focus the exact control (a VM's name field, a disk's device path, a range row).
 */
export const PLAN_NAME_ID = "plan-name";
export const DOWNLOAD_BUTTON_ID = "download-zip";
export const vmId = (vm: number): string => `vm-${vm}`;
export const rangeId = (vm: number, range: number): string => `vm-${vm}-range-${range}`;
export const diskId = (disk: string): string => `disk-${disk}`;

const VM_FIELDS: Record<string, string> = {
  name: "name",
  "head.file": "head-file",
  "head.sectors": "head-sectors",
  adapterType: "adapter",
  partitionTable: "partition-table",
  placement: "placement",
};
const DISK_FIELDS: Record<string, string> = {
  device: "device",
  sizeBytes: "size",
  exactConfirmed: "exact",
};

/** The id of a VM's field control (`name`, `head.file`, …), or of the card for other fields. */
export const vmFieldId = (vm: number, field?: string): string => {
  const suffix = field === undefined ? undefined : VM_FIELDS[field];
  return suffix ? `${vmId(vm)}-${suffix}` : vmId(vm);
};

/** The id of a disk's field control (`device`, `sizeBytes`, `exactConfirmed`), or of its panel. */
export const diskFieldId = (disk: string, field?: string): string => {
  const suffix = field === undefined ? undefined : DISK_FIELDS[field];
  return suffix ? `${diskId(disk)}-${suffix}` : diskId(disk);
};

// The other way: which VM, range or disk an element id belongs to (lists drawn a page at a time
// draw the item a finding's link is about to show).

/** The VM an id lies in: `vm-3`, `vm-3-name`, `vm-3-range-7` → 3. */
export function vmOfPlaceId(id: string | null): number | null {
  const m = /^vm-(\d+)(?:-|$)/.exec(id ?? "");
  return m ? Number(m[1]) : null;
}

/** The range row an id is: `vm-3-range-7` → { vm: 3, range: 7 }. */
export function rangeOfPlaceId(id: string | null): { vm: number; range: number } | null {
  const m = /^vm-(\d+)-range-(\d+)$/.exec(id ?? "");
  return m ? { vm: Number(m[1]), range: Number(m[2]) } : null;
}

/** Which of `diskIds` an id lies in: `disk-d3`, `disk-d3-size` → the index of `d3`. */
export function diskOfPlaceId(id: string | null, diskIds: readonly string[]): number | null {
  if (id === null) return null;
  const i = diskIds.findIndex((d) => id === diskId(d) || id.startsWith(`${diskId(d)}-`));
  return i < 0 ? null : i;
}
