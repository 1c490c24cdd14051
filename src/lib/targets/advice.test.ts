import { describe, expect, it } from "vitest";
import type { PlanDisk, PlanVm } from "../plan/types.ts";
import { DEFAULT_HEAD } from "../plan/types.ts";
import { diskOf, planOf, range } from "../guest/plans.testkit.ts";
import { planFiles } from "../zip/files.ts";
import { targetAdvice, type TargetAdvice } from "./advice.ts";

const vm = (patch: Partial<PlanVm>): PlanVm => ({
  name: "web",
  adapterType: "ide",
  uuid: null,
  head: { ...DEFAULT_HEAD },
  ranges: [range(4096n, 2048n)],
  ...patch,
});
const noHead = { file: "Raw_Sectors_1MiB", sectors: 0 };
const disk512 = (): PlanDisk => diskOf(16384n, [[4096n, 2048n]]);
const disk4k = (): PlanDisk => ({ ...disk512(), logicalSectorSize: 4096 });

function adviceOf(v: PlanVm, d: PlanDisk): Map<string, TargetAdvice> {
  const result = targetAdvice(v, [d]);
  if (!result.ok) throw new Error(result.error);
  return new Map(result.advice.map((a) => [a.target, a]));
}

/** What run-qemu.sh actually gives the guest, read from the zip's own file. */
function qemuScript(v: PlanVm, d: PlanDisk): string {
  let n = 0;
  const files = planFiles(planOf([v], [d]), {
    targets: ["qemu"],
    newUuid: () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, "0")}`,
  });
  if (!files.ok) throw new Error(JSON.stringify(files.findings));
  const script = files.files.find((f) => f.path === "web/qemu/run-qemu.sh");
  return String(script?.data ?? "");
}

describe("which output suits which host", () => {
  it("a single range without a head on a 4096-byte disk: only QEMU and libvirt show 4096", () => {
    const v = vm({ head: noHead });
    const a = adviceOf(v, disk4k());
    expect(a.get("virtualbox")?.guestSectorBytes).toBe(512);
    expect(a.get("qemu")?.guestSectorBytes).toBe(4096);
    expect(a.get("libvirt")?.guestSectorBytes).toBe(4096);
    expect(a.get("dm")?.guestSectorBytes).toBe(512);
    expect(a.get("qemu")?.how).toMatch(/raw driver/);
    // The advice says what the file does: the script asks for 4096-byte blocks.
    expect(qemuScript(v, disk4k())).toContain("logical_block_size=4096");
  });

  it("with a head file every output shows 512-byte sectors, and QEMU needs its descriptor", () => {
    const v = vm({});
    const a = adviceOf(v, disk4k());
    for (const t of ["virtualbox", "qemu", "libvirt", "dm"]) {
      expect(a.get(t)?.guestSectorBytes).toBe(512);
      expect(a.get(t)?.refused).toBeNull();
    }
    expect(a.get("qemu")?.how).toMatch(/descriptor/);
    expect(qemuScript(v, disk4k())).not.toContain("logical_block_size=4096");
  });

  it("a 512-byte disk shows 512 even through the raw window", () => {
    const a = adviceOf(vm({ head: noHead }), disk512());
    expect(a.get("qemu")?.guestSectorBytes).toBe(512);
    expect(a.get("qemu")?.how).toMatch(/raw driver/);
  });

  it("a read-only range: QEMU and libvirt refused with the fix, device-mapper takes it whole", () => {
    const a = adviceOf(vm({ ranges: [range(4096n, 2048n, { access: "RDONLY" })] }), disk512());
    expect(a.get("qemu")?.refused).toMatch(/readonly=on/);
    expect(a.get("libvirt")?.refused).toMatch(/readonly=on/);
    expect(a.get("dm")?.refused).toBeNull();
    expect(a.get("virtualbox")?.refused).toBeNull();
  });

  it("mixed RW and RDONLY ranges: device-mapper refused, without the VM's name repeated", () => {
    const d = diskOf(16384n, [
      [4096n, 2048n],
      [8192n, 2048n],
    ]);
    const a = adviceOf(
      vm({ ranges: [range(4096n, 2048n), range(8192n, 2048n, { access: "RDONLY" })] }),
      d,
    );
    expect(a.get("dm")?.refused).toMatch(/^device-mapper can make a map read-only only as a whole/);
  });

  it("a VM whose layout cannot be made says why instead of advising", () => {
    const result = targetAdvice(vm({}), []);
    expect(result.ok).toBe(false);
  });
});
