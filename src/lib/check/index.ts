/**
 * The safety checks of docs/product.md ("Safety rules"), as findings. An error blocks the download;
 * a warning is shown with the reason it matters. Codes are stable: tests, the CLI's JSON and the
 * UI rely on them. Never rename one; add new ones.
 *
 * | code                        | severity | when                                                              |
 * |-----------------------------|----------|-------------------------------------------------------------------|
 * | plan-name-invalid           | error    | the plan name cannot be a file name (`<plan>.zip`)                 |
 * | vm-name-invalid             | error    | a VM name cannot be a folder / file name (names.ts rules)          |
 * | vm-name-collision           | error    | two VMs get the same folder (NFC, NTFS-style case fold: folderKey) |
 * | head-file-invalid           | error    | a head file name cannot be a file name, or is `<vm>.vmdk`          |
 * | head-sectors-invalid        | error    | head sectors not an integer in 0..MAX_HEAD_SECTORS                 |
 * | vm-uuid-invalid             | error    | a VM's uuid is not a canonical, non-nil UUID                       |
 * | duplicate-uuid              | error    | two VMs share one uuid (VirtualBox refuses the second medium)      |
 * | adapter-type-invalid        | error    | adapterType is not ide, buslogic or lsilogic                       |
 * | vm-no-extents               | error    | no head and no range: a descriptor without extents                 |
 * | too-many-extents            | error    | more than MAX_EXTENTS extents: over VirtualBox's line limit |
 * | vm-disk-too-large           | error    | the guest's disk (head, ranges, tail) passes 2^55 sectors      |
 * | duplicate-disk-id           | error    | two disks share one id: ranges would be ambiguous                  |
 * | disk-invalid                | error    | sector size not 512/4096, or size not whole sectors               |
 * | device-path-invalid         | error    | a used disk's device path would corrupt the extent line           |
 * | device-path-relative        | error    | a used disk's device path does not start with / or \              |
 * | device-conflict             | error    | disks naming one device disagree about its size or sector size     |
 * | inexact-unconfirmed         | error    | ranges on a disk whose listing was rounded, not confirmed          |
 * | range-invalid               | error    | a range's fields are malformed (not integers, unknown access)      |
 * | unknown-disk                | error    | a range names a disk id the plan does not have                     |
 * | negative-start              | error    | a range starts before sector 0                                     |
 * | empty-range                 | error    | a range has 0 (or fewer) sectors                                   |
 * | range-beyond-limit          | error    | a range ends past 2^55 sectors (2^64 bytes: no disk is that large) |
 * | past-disk-end               | error    | a range ends after the disk's known end                           |
 * | misaligned-4k               | error    | on a 4096-byte-sector disk, start or size not a multiple of 8      |
 * | overlap                     | error    | two ranges of one device share sectors and one is RW              |
 * | no-vms                      | warning  | the plan has no VM: the zip would hold no descriptor              |
 * | vm-no-ranges                | warning  | a VM has only its head: valid, but it maps no disk sector          |
 * | overlap-read-only           | warning  | two RDONLY ranges share sectors                                    |
 * | covers-partition-table      | warning  | a range covers LBA 0 up to the first partition, or EBR space       |
 * | covers-gpt-backup           | warning  | a range covers a GPT disk's backup table at its end                |
 * | covers-unlisted-gap         | warning  | a range covers a gap of a wmic GPT listing (may be MS reserved)   |
 * | partial-partition           | warning  | a partition is covered only in part by a range                    |
 * | host-partition              | warning  | a range covers a partition the host likely uses (EFI, MSR, boot…)  |
 * | not-aligned-1mib            | warning  | a range's start or size is not a multiple of 2048 sectors         |
 * | guest-misaligned-4k         | warning  | 4Kn disk: the range's guest start ≢ its disk start (mod 8)         |
 * | device-path-unstable        | warning  | /dev/sdX, /dev/nvme0n1, /dev/diskN… may name another disk later    |
 * | partition-device-path       | warning  | the device path names one partition: offsets are relative to it   |
 * | disk-end-unknown            | warning  | a used disk's size is unknown: past-the-end cannot be checked      |
 *
 * Plus the guest-table findings (`guest-…` codes), tabled in guest.ts, and
 * the device-identity and raw-device findings (`overlap-possibly-same-disk`,
 * `past-disk-end-possibly-same`, `device-path-not-raw`, `device-path-unknown-family`,
 * `device-path-volume-lock`), tabled in deviceIdentity.ts. Paths are compared by their
 * canonical form (src/lib/devices/identity.ts): `/dev//sda` and `/dev/sda` are one device here.
 *
 * Decisions: a plan with no VM and a VM with no range are warnings, not errors: the zip is
 * valid, only useless, and the empty plan is where every user starts. A VM with neither head
 * nor range is an error, because a descriptor without extents is invalid. Disk-level findings
 * concern only disks that some range uses: a disk nobody uses never reaches a descriptor.
 *
 * Overlaps are found by sorting range endpoints and sweeping once per device (O(n log n + k)),
 * never by comparing all pairs. At most MAX_LISTED_OVERLAPS pairs per kind become findings;
 * the rest are counted in one more finding, so a hostile plan cannot flood the page.
 */
import type { Finding } from "../plan/findings.ts";
import type { Plan } from "../plan/types.ts";
import { deviceIdentityFindings } from "./deviceIdentity.ts";
import { checkDisks } from "./disks.ts";
import { Findings, gatherDisks } from "./facts.ts";
import { guestFindings } from "./guest.ts";
import { checkOverlaps } from "./overlaps.ts";
import { checkPlanName, checkVms } from "./vms.ts";

export { MAX_AREA_PAIRS, MAX_LISTED_OVERLAPS } from "./facts.ts";
export { hostUseReason } from "./hostAreas.ts";

/**
 * Every finding for the plan: errors block the download, warnings are explained. Never throws
 * on a plan of the declared shape, whatever its values (loadPlan guarantees the shape of plans
 * from outside). Findings are sorted: errors first, then by VM and range.
 *
 * @example checkPlan(plan).filter((f) => f.severity === "error") // [] when it may be downloaded
 */
export function checkPlan(plan: Plan): Finding[] {
  const out = new Findings();
  // The rule families, in order; each adds its findings (facts.ts gathers what they share).
  checkPlanName(plan, out);
  const disks = gatherDisks(plan, out);
  const ranges = checkVms(plan, disks, out);
  checkOverlaps(plan, ranges, out);
  checkDisks(plan, disks, out);
  out.list.push(...guestFindings(plan));
  out.list.push(...deviceIdentityFindings(plan));
  return sortFindings(out.list);
}

// ─── Order ───────────────────────────────────────────────────────────────────────────────

/** The smallest VM index a finding concerns, or -1 for plan- and disk-wide findings. */
function firstVm(finding: Finding): number {
  let min = Infinity;
  for (const target of finding.targets) {
    if (target.vm !== undefined && target.vm < min) min = target.vm;
  }
  return min === Infinity ? -1 : min;
}

/** Errors first, then by VM and range (plan- and disk-wide findings first), code, message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const keyed = findings.map((finding) => {
    const vm = firstVm(finding);
    const range = finding.targets
      .filter((t) => t.vm === vm)
      .reduce((min, t) => (t.range !== undefined && t.range < min ? t.range : min), Infinity);
    return {
      finding,
      severity: finding.severity === "error" ? 0 : 1,
      vm,
      range: range === Infinity ? -1 : range,
    };
  });
  keyed.sort(
    (a, b) =>
      a.severity - b.severity ||
      a.vm - b.vm ||
      a.range - b.range ||
      (a.finding.code < b.finding.code ? -1 : a.finding.code > b.finding.code ? 1 : 0) ||
      (a.finding.message < b.finding.message ? -1 : a.finding.message > b.finding.message ? 1 : 0),
  );
  return keyed.map((k) => k.finding);
}
