import { describe, expect, it } from "vitest";
import { withIdentities } from "./identities.ts";
import { buildZip } from "../zip/zip.ts";
import { emptyPlan, type Plan } from "../plan/types.ts";
import { vmdkSectors } from "../units.ts";

const plan: Plan = {
  ...emptyPlan("p"),
  disks: [
    { id: "d0", device: "/dev/sda", logicalSectorSize: 512, sizeBytes: null, partitions: [] },
  ],
  vms: [
    {
      name: "web",
      adapterType: "ide",
      uuid: null,
      head: { file: "Raw_Sectors_1MiB", sectors: 2048 },
      partitionTable: "gpt",
      ranges: [
        { disk: "d0", startSector: vmdkSectors(2048n), sectors: vmdkSectors(4096n), access: "RW" },
      ],
    },
    {
      name: "db",
      adapterType: "ide",
      uuid: "0c6a5c0e-0d4e-4d54-8a59-53f2f3a8b0b1",
      head: { file: "Raw_Sectors_1MiB", sectors: 2048 },
      ranges: [
        { disk: "d0", startSector: vmdkSectors(8192n), sectors: vmdkSectors(4096n), access: "RW" },
      ],
    },
  ],
};

function counter() {
  let n = 0;
  return () => `AAAAAAAA-0000-4000-8000-${String(++n).padStart(12, "0")}`;
}

describe("withIdentities", () => {
  it("fills what is missing, lowercased, and keeps what is there", () => {
    const filled = withIdentities(plan, counter());
    expect(filled.vms[0]?.uuid).toBe("aaaaaaaa-0000-4000-8000-000000000001");
    expect(filled.vms[0]?.diskGuid).toBe("aaaaaaaa-0000-4000-8000-000000000002");
    expect(filled.vms[0]?.ranges[0]?.partitionGuid).toBe("aaaaaaaa-0000-4000-8000-000000000003");
    // A VM without a guest table needs nothing more than its UUID.
    expect(filled.vms[1]).toBe(plan.vms[1]);
  });

  it("returns the very same plan once everything is assigned", () => {
    const filled = withIdentities(plan, counter());
    expect(withIdentities(filled, counter())).toBe(filled);
  });

  it("a filled plan builds the same bytes whatever UUID source the build has", async () => {
    const filled = withIdentities(plan, counter());
    const a = await buildZip(filled, { newUuid: () => "11111111-1111-4111-8111-111111111111" });
    const b = await buildZip(filled, { newUuid: () => "22222222-2222-4222-8222-222222222222" });
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });
});
