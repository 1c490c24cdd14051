/**
 * A guest's identity never changes silently (issue: same plan, two builds): `cli build` says
 * when it assigned partition-table identities, and GPT entries carry a name and, for a
 * read-only range, attribute bit 60 (read by sgdisk).
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  mkdtempSync,
  openSync,
  closeSync,
  writeSync,
  rmSync,
  writeFileSync,
  ftruncateSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { cliInProcess } from "./inProcess.testkit.ts";
import { planToJson } from "../lib/plan/codec.ts";
import { exampleVm, planOf, range } from "../lib/guest/plans.testkit.ts";

const dir = mkdtempSync(join(tmpdir(), "rdp-ids-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Partition #1 of the worked example, split: the first half RW, the second RDONLY.
const plan = planOf([
  exampleVm({
    uuid: "3f6c1e0a-5b2d-4c8e-9a71-0d4e8b2f6a13",
    partitionTable: "gpt",
    diskGuid: null,
    ranges: [range(125831168n, 62914560n), range(188745728n, 62914560n, { access: "RDONLY" })],
  }),
]);

describe("cli build and guest identities", () => {
  it("says both times that identities were filled, when the plan has none", async () => {
    const file = join(dir, "plan.json");
    writeFileSync(file, planToJson(plan));
    for (const out of ["a.zip", "b.zip"]) {
      const run = await cliInProcess("build", file, "-o", join(dir, out));
      expect(run.status).toBe(0);
      expect(run.stderr).toContain("1 VM got new partition-table identities");
    }
    const built = await JSZip.loadAsync(readFileSync(join(dir, "a.zip")));
    const saved = JSON.parse((await built.file("plan.json")?.async("string")) ?? "{}") as {
      vms: { diskGuid: string | null; ranges: { partitionGuid: string | null }[] }[];
    };
    expect(saved.vms[0]?.diskGuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(saved.vms[0]?.ranges.every((r) => /^[0-9a-f-]{36}$/.test(r.partitionGuid ?? ""))).toBe(
      true,
    );
    // Built again from the zip's plan.json: nothing new to say, the same identities.
    const again = join(dir, "again.json");
    writeFileSync(again, (await built.file("plan.json")?.async("string")) ?? "");
    const third = await cliInProcess("build", again, "-o", join(dir, "c.zip"));
    expect(third.stderr).not.toContain("partition-table identities");
  });

  it.runIf(spawnSync("sh", ["-c", "command -v sgdisk"]).status === 0)(
    "sgdisk reads each entry's name, and the read-only attribute on the RDONLY range",
    async () => {
      const zip = await JSZip.loadAsync(readFileSync(join(dir, "a.zip")));
      const head = await zip.file("web/Raw_Sectors_1MiB")?.async("uint8array");
      const tail = await zip.file("web/Raw_Sectors_GPT_Backup")?.async("uint8array");
      if (!head || !tail) throw new Error("no head or tail");
      // The guest disk: head, the two ranges (sparse), tail.
      const total = 2048n + 2n * 62914560n + 33n;
      const image = join(dir, "guest.img");
      const fd = openSync(image, "w");
      ftruncateSync(fd, Number(total * 512n));
      writeSync(fd, head, 0, head.length, 0);
      writeSync(fd, tail, 0, tail.length, Number((total - 33n) * 512n));
      closeSync(fd);
      const first = execFileSync("sgdisk", ["-i", "1", image], { encoding: "utf8" });
      const second = execFileSync("sgdisk", ["-i", "2", image], { encoding: "utf8" });
      expect(first).toContain("Partition name: 'Disk #0, Partition #1'");
      expect(first).toMatch(/Attribute flags: 0000000000000000/);
      expect(second).toContain("Partition name: 'web 2'");
      expect(second).toMatch(/Attribute flags: 1000000000000000/);
    },
  );
});
