/** The plans the interop test builds and reads back with qemu-img, qemu-io and vmdkinfo. */
import type { Plan, PlanDisk, PlanVm } from "../plan/types.ts";
import { bytes } from "../units.ts";
import { plan, range, splitPlan, vm, wholePartitionPlan } from "./plans.testkit.ts";

export interface Scenario {
  name: string;
  plan: Plan;
  /** "whole": convert the guest disk and check every sector; "probe": sparse drives, qemu-io. */
  strategy: "whole" | "probe";
}

export const MiB = 1n << 20n;
export const TiB = 1n << 40n;
export const smallDisk = (
  id: string,
  device: string,
  sizeBytes: bigint,
  sectorSize: 512 | 4096 = 512,
): PlanDisk => ({
  id,
  device,
  logicalSectorSize: sectorSize,
  sizeBytes: bytes(sizeBytes),
  partitions: [],
});

export function scenarios(): Scenario[] {
  const linuxA = smallDisk("d0", "/dev/disk/by-id/ata-FAKE_A", 64n * MiB);
  const linuxB = smallDisk("d1", "/dev/sdb", 16n * MiB);
  const named = (v: PlanVm, name: string, headFile?: string): PlanVm => ({
    ...v,
    name,
    head: headFile === undefined ? v.head : { ...v.head, file: headFile },
  });
  const noHead = (v: PlanVm): PlanVm => ({ ...v, head: { ...v.head, sectors: 0 } });
  const huge = smallDisk("d0", "/dev/disk/by-id/nvme-FAKE_8TB", 8n * TiB);
  const twoTiB = 1n << 32n; // in sectors

  return [
    {
      name: "the worked example (all of Partition #1)",
      plan: wholePartitionPlan(),
      strategy: "probe",
    },
    { name: "the split example (two VMs on Partition #1)", plan: splitPlan(), strategy: "probe" },
    {
      name: "several ranges in one VM, on two disks, in any order",
      strategy: "whole",
      plan: plan(
        "ranges",
        [linuxA, linuxB],
        [
          named(
            vm("x", [
              range(40960n, 8192n),
              range(2048n, 2048n),
              range(4096n, 3000n, "d1"),
              range(100000n, 31072n),
              range(20480n, 1n),
            ]),
            "Win 11 ü",
            "Kopf ü 1",
          ),
        ],
      ),
    },
    {
      name: "several VMs on one disk, one without a head",
      strategy: "whole",
      plan: plan(
        "vms",
        [linuxA],
        [
          vm("a", [range(2048n, 10000n)]),
          vm("b", [range(12048n, 20000n), range(60000n, 1000n)]),
          noHead(vm("c", [range(32048n, 27952n)])),
        ],
      ),
    },
    {
      name: "a 4096-byte-sector disk",
      strategy: "whole",
      plan: plan(
        "4kn",
        [smallDisk("d0", "/dev/nvme1n1", 32n * MiB, 4096)],
        [vm("a", [range(2048n, 16384n), range(20480n, 8n * 1000n)])],
      ),
    },
    {
      name: "a whole device (fullDevice, no head)",
      strategy: "whole",
      plan: plan(
        "full",
        [smallDisk("d0", "/dev/sdc", 8n * MiB)],
        [noHead(vm("all", [range(0n, 16384n)]))],
      ),
    },
    {
      name: "ranges beyond 2 TiB on an 8 TiB disk",
      strategy: "probe",
      plan: plan(
        "big",
        [huge],
        [
          vm("across", [range(twoTiB - 1024n, 4096n), range(2048n, 2048n)]),
          // 2^31 sectors is 1 TiB: from 5 TiB + 7 sectors for 2 TiB, then the disk's last 4 MiB.
          vm("far", [range(5n * 2n ** 31n + 7n, twoTiB), range(2n ** 34n - 8192n, 8192n)]),
        ],
      ),
    },
  ];
}

// ── The tests ────────────────────────────────────────────────────────────────────────────────
