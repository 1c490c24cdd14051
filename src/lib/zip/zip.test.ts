import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import JSZip from "jszip";
import { createRequire } from "node:module";
import { describe, expect, it, vi } from "vitest";
import type { Plan } from "../plan/types.ts";
import { splitPlan } from "../vmdk/plans.testkit.ts";
import { planFiles } from "./files.ts";
import { buildZip, packZip, ZIP_ENTRY_DATE } from "./zip.ts";

const execFileAsync = promisify(execFile);

const UUIDS = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"];
const fixedUuids = () => {
  let n = 0;
  return () => UUIDS[n++] ?? "33333333-3333-4333-8333-333333333333";
};

function planFilesOrThrow(plan: Plan) {
  const result = planFiles(plan, { newUuid: fixedUuids() });
  if (!result.ok) throw new Error(result.findings.map((f) => f.message).join("\n"));
  return result;
}

async function build(plan: Plan, newUuid: () => string = fixedUuids()) {
  const result = await buildZip(plan, { newUuid });
  if (!result.ok) throw new Error(result.findings.map((f) => f.message).join("\n"));
  return result;
}

/** Local file headers: name, DOS time and date, compression method, compressed size. */
function localHeaders(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: { name: string; time: number; date: number; method: number; compressed: number }[] =
    [];
  let at = 0;
  while (view.getUint32(at, true) === 0x04034b50) {
    const nameLength = view.getUint16(at + 26, true);
    const extraLength = view.getUint16(at + 28, true);
    const compressed = view.getUint32(at + 18, true);
    out.push({
      name: new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLength)),
      method: view.getUint16(at + 8, true),
      time: view.getUint16(at + 10, true),
      date: view.getUint16(at + 12, true),
      compressed,
    });
    at += 30 + nameLength + extraLength + compressed;
  }
  return out;
}

describe("buildZip", () => {
  it("packs the files in a fixed order, folders first, every entry dated 1980-01-01 12:00:00", async () => {
    const { bytes } = await build(splitPlan());
    const headers = localHeaders(bytes);
    expect(headers.map((h) => h.name)).toEqual([
      "README.txt",
      "plan.json",
      "web/",
      "web/web.vmdk",
      "web/Raw_Sectors_1MiB",
      "db/",
      "db/db.vmdk",
      "db/Raw_Sectors_1MiB",
      "web/check-disk.ps1",
      "web/register.ps1",
      "web/register.cmd",
      "db/check-disk.ps1",
      "db/register.ps1",
      "db/register.cmd",
    ]);
    // DOS time 12:00:00 = 12 << 11; DOS date 1980-01-01 = (0 << 9) | (1 << 5) | 1.
    expect(new Set(headers.map((h) => h.time))).toEqual(new Set([0x6000]));
    expect(new Set(headers.map((h) => h.date))).toEqual(new Set([0x0021]));
  });

  it("deflates the 1 MiB head to about 1 KiB", async () => {
    const { bytes } = await build(splitPlan());
    const head = localHeaders(bytes).find((h) => h.name === "web/Raw_Sectors_1MiB");
    expect(head?.method).toBe(8);
    expect(head?.compressed).toBeLessThan(1200);
    // The rest is text (README.txt, plan.json, each VM's descriptor and scripts, where
    // check-disk.ps1 is the largest: with its checks for elevation, Storage Spaces, dynamic
    // disks and BitLocker it is about 15 KB in all).
    expect(bytes.length).toBeLessThan(16_000);
  });

  it("holds the same bytes as the file list, read back by jszip", async () => {
    const { bytes, plan } = await build(splitPlan());
    const zip = await JSZip.loadAsync(bytes);
    const head = await zip.file("db/Raw_Sectors_1MiB")?.async("uint8array");
    expect(head?.length).toBe(1048576);
    expect(head?.every((b) => b === 0)).toBe(true);
    const descriptor = await zip.file("db/db.vmdk")?.async("string");
    expect(descriptor).toContain('RW 62914560 FLAT "\\\\.\\PhysicalDrive0" 188745728\n');
    expect(descriptor).toContain(`ddb.uuid.image="${plan.vms[1]?.uuid}"`);
  });

  it("gives byte-identical zips for the same plan, and again from the plan it returns", async () => {
    const first = await build(splitPlan());
    const again = await build(splitPlan());
    expect(again.bytes).toEqual(first.bytes);
    const noNewUuid = () => {
      throw new Error("a rebuilt plan needs no new UUID");
    };
    const rebuilt = await build(first.plan, noNewUuid);
    expect(rebuilt.bytes).toEqual(first.bytes);
    expect(rebuilt.plan).toEqual(first.plan);
  });

  it("uses random v4 UUIDs by default", async () => {
    const { plan } = await build(splitPlan(), undefined);
    const [a, b] = plan.vms.map((v) => v.uuid);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b).not.toBe(a);
  });

  it("refuses a plan with errors, and gives their findings", async () => {
    const bad = splitPlan();
    bad.vms[1] = { ...bad.vms[1], name: "WEB" } as Plan["vms"][number];
    const result = await buildZip(bad, { newUuid: fixedUuids() });
    expect(result.ok).toBe(false);
    expect(
      result.ok ? [] : result.findings.filter((f) => f.severity === "error").map((f) => f.code),
    ).toEqual(["vm-name-collision"]);
  });
});

describe("jszip's browser build", () => {
  it("packs the same bytes as its Node build (the UI and the CLI give one zip)", async () => {
    const { files } = planFilesOrThrow(splitPlan());
    const inNode = await packZip(files);
    const require = createRequire(import.meta.url);
    const browserBuild: unknown = require("jszip/dist/jszip.min.js");
    expect(browserBuild).not.toBe(JSZip);
    vi.resetModules();
    vi.doMock("jszip", () => ({ default: browserBuild }));
    try {
      const { packZip: packWithBrowserBuild } = await import("./zip.ts");
      expect(await packWithBrowserBuild(files)).toEqual(inNode);
    } finally {
      vi.doUnmock("jszip");
    }
  });
});

describe("time zones", () => {
  it("dates entries from the UTC fields of a UTC date", () => {
    expect(ZIP_ENTRY_DATE.toISOString()).toBe("1980-01-01T12:00:00.000Z");
  });

  it("gives the same bytes whatever TZ says (two child processes)", async () => {
    const files = [
      { path: "README.txt", data: "hello\r\n" },
      { path: "a/a.vmdk", data: "# Disk DescriptorFile\n" },
      { path: "a/head", data: new Uint8Array(4096) },
    ];
    const here = createHash("sha256")
      .update(await packZip(files))
      .digest("hex");
    const dir = mkdtempSync(join(tmpdir(), "vmdk-tz-"));
    try {
      const script = join(dir, "pack.mts");
      writeFileSync(
        script,
        `import { packZip } from ${JSON.stringify(join(import.meta.dirname, "zip.ts"))};
import { createHash } from "node:crypto";
const files = [
  { path: "README.txt", data: "hello\\r\\n" },
  { path: "a/a.vmdk", data: "# Disk DescriptorFile\\n" },
  { path: "a/head", data: new Uint8Array(4096) },
];
const bytes = await packZip(files);
process.stdout.write(new Date(2000, 0, 1).getTimezoneOffset() + " " + createHash("sha256").update(bytes).digest("hex"));
`,
      );
      // Node with tsx's loader, not the tsx command (which starts a second Node under it); the
      // two zones run side by side.
      const run = async (tz: string) => {
        const { stdout } = await execFileAsync(process.execPath, ["--import", "tsx", script], {
          env: { ...process.env, TZ: tz },
          encoding: "utf8",
        });
        return stdout.split(" ");
      };
      const [[offsetWest, hashWest], [offsetEast, hashEast]] = await Promise.all([
        run("America/Los_Angeles"),
        run("Asia/Kathmandu"),
      ]);
      // The zones really differ (UTC−8 and UTC+5:45) …
      expect([offsetWest, offsetEast]).toEqual(["480", "-345"]);
      // … and the bytes do not.
      expect(hashWest).toBe(here);
      expect(hashEast).toBe(here);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("blank heads are compressed once", () => {
  const manyVms = (n: number): Plan => {
    const base = splitPlan();
    const template = base.vms[0];
    if (!template) throw new Error("splitPlan has a VM");
    const vms = Array.from({ length: n }, (_, i) => ({
      ...template,
      name: `vm${i}`,
      uuid: null,
      ranges: template.ranges.map((r) => ({ ...r, access: "RDONLY" as const })),
    }));
    return { ...base, vms };
  };
  const fixedUuids = () => {
    let n = 0;
    return () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, "0")}`;
  };

  it("gives the same bytes as compressing every head anew", async () => {
    const files = planFiles(manyVms(3), { newUuid: fixedUuids() });
    if (!files.ok) throw new Error("plan builds");
    const reused = await packZip(files.files);
    const fresh = await packZip(files.files, { reuseBlanks: false });
    expect(Buffer.from(reused).equals(Buffer.from(fresh))).toBe(true);
    const zip = await JSZip.loadAsync(reused);
    const head = await zip.file("vm2/Raw_Sectors_1MiB")?.async("uint8array");
    expect(head?.length).toBe(1048576);
    expect(head?.every((b) => b === 0)).toBe(true);
  });

  it("keeps a 128-VM zip within 1.2× of one head's compressed size per VM plus the text", async () => {
    const files = planFiles(manyVms(128), { newUuid: fixedUuids() });
    if (!files.ok) throw new Error("plan builds");
    const bytes = await packZip(files.files);
    const oneHead = await packZip([{ path: "h", data: new Uint8Array(1048576) }]);
    const text = files.files
      .filter((f) => typeof f.data === "string")
      .reduce((sum, f) => sum + (f.data as string).length, 0);
    expect(bytes.length).toBeLessThan(1.2 * (128 * oneHead.length + text));
  });
});
