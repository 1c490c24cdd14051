import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { checkPlan } from "../check/index.ts";
import { Rng } from "../prng.testkit.ts";
import { fileNameProblem, ZIP_VM_FOLDER_NAMES } from "../plan/names.ts";
import type { Plan } from "../plan/types.ts";
import { writeDescriptor } from "../vmdk/descriptor.ts";
import { exampleDisk, plan, range, splitPlan, vm } from "../vmdk/plans.testkit.ts";
import { MAX_HEAD_SECTORS, pathComponentProblem, planFiles, type ZipEntry } from "./files.ts";

vi.mock("../check/index.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../check/index.ts")>();
  return { ...real, checkPlan: vi.fn(real.checkPlan) };
});
vi.mock("../vmdk/descriptor.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../vmdk/descriptor.ts")>();
  return { ...real, writeDescriptor: vi.fn(real.writeDescriptor) };
});

const { checkPlan: realCheckPlan } =
  await vi.importActual<typeof import("../check/index.ts")>("../check/index.ts");

const UUIDS = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"];
let uuidCalls = 0;
const newUuid = () => UUIDS[uuidCalls++] ?? "33333333-3333-4333-8333-333333333333";
beforeEach(() => {
  uuidCalls = 0;
});

function files(p: Plan) {
  const result = planFiles(p, { newUuid });
  if (!result.ok) throw new Error(result.findings.map((f) => f.message).join("\n"));
  return result;
}

const text = (entry: ZipEntry | undefined) =>
  typeof entry?.data === "string" ? entry.data : new TextDecoder().decode(entry?.data);

const errorsOf = (p: Plan) => {
  const result = planFiles(p, { newUuid });
  return result.ok ? [] : result.findings.filter((f) => f.severity === "error");
};

describe("planFiles", () => {
  it("lays out the split example: README, plan.json, then one folder per VM", () => {
    const result = files(splitPlan());
    expect(result.files.map((f) => f.path)).toEqual([
      "README.txt",
      "plan.json",
      "web/web.vmdk",
      "web/Raw_Sectors_1MiB",
      "db/db.vmdk",
      "db/Raw_Sectors_1MiB",
      // The check and register scripts (scripts.ts), for Windows: the disk is \\.\PhysicalDrive0.
      "web/check-disk.ps1",
      "web/register.ps1",
      "web/register.cmd",
      "db/check-disk.ps1",
      "db/register.ps1",
      "db/register.cmd",
    ]);
  });

  it("fills each null UUID once, in VM order, keeps a given one, and leaves the input alone", () => {
    const input = splitPlan();
    input.vms[1] = {
      ...input.vms[1],
      uuid: "AAAAAAAA-0000-4000-8000-00000000000A",
    } as Plan["vms"][number];
    const result = files(input);
    expect(result.plan.vms.map((v) => v.uuid)).toEqual([
      UUIDS[0],
      "AAAAAAAA-0000-4000-8000-00000000000A",
    ]);
    expect(uuidCalls).toBe(1);
    expect(input.vms[0]?.uuid).toBeNull();
    expect(text(result.files[2])).toContain(`ddb.uuid.image="${UUIDS[0]}"`);
    expect(text(result.files[4])).toContain(
      'ddb.uuid.image="aaaaaaaa-0000-4000-8000-00000000000a"',
    );
  });

  it("holds each VM's descriptor as writeDescriptor writes it, and a blank 1 MiB head", () => {
    const result = files(splitPlan());
    const [web, db] = result.plan.vms;
    if (!web || !db) throw new Error("no VMs");
    const expected = writeDescriptor(web, result.plan.disks);
    expect(expected.ok && text(result.files[2])).toBe(expected.ok && expected.text);
    expect(text(result.files[4])).toContain('RW 62914560 FLAT "\\\\.\\PhysicalDrive0" 188745728\n');
    const head = result.files[3]?.data;
    expect(head).toBeInstanceOf(Uint8Array);
    expect(head instanceof Uint8Array && head.length).toBe(1048576);
    expect(head instanceof Uint8Array && head.every((b) => b === 0)).toBe(true);
  });

  it("writes plan.json from the plan with its UUIDs filled in", () => {
    const result = files(splitPlan());
    const json = JSON.parse(text(result.files[1])) as { vms: { uuid: string }[] };
    expect(json.vms.map((v) => v.uuid)).toEqual(UUIDS);
  });

  it("writes no head file for a head of 0 sectors", () => {
    const noHead = plan(
      "p",
      [exampleDisk()],
      [{ ...vm("a", [range(2048n, 8n)]), head: { file: "h", sectors: 0 } }],
    );
    expect(files(noHead).files.map((f) => f.path)).toEqual([
      "README.txt",
      "plan.json",
      "a/a.vmdk",
      "a/check-disk.ps1",
      "a/register.ps1",
      "a/register.cmd",
    ]);
  });

  it("refuses a plan with an error finding from checkPlan, and gives no files", () => {
    const overlapping = plan(
      "bad",
      [exampleDisk()],
      [vm("a", [range(125831168n, 2048n)]), vm("b", [range(125832192n, 2048n)])],
    );
    const result = planFiles(overlapping, { newUuid });
    expect(result).toEqual({ ok: false, findings: checkPlan(overlapping) });
    expect(result.ok ? [] : result.findings.map((f) => f.code)).toContain("overlap");
    expect(uuidCalls).toBe(0);
  });

  it("puts every warning of checkPlan into README.txt and returns the findings", () => {
    const warnings = checkPlan(splitPlan());
    expect(warnings.map((f) => [f.severity, f.code])).toEqual([["warning", "partial-partition"]]);
    const result = files(splitPlan());
    expect(result.findings).toEqual(warnings);
    expect(text(result.files[0])).toContain(`  - ${warnings[0]?.message}\r\n`);
  });
});

describe("planFiles refuses what would break the zip, whatever checkPlan said", () => {
  // checkPlan refuses all of these too; silence it to reach the zip's own checks.
  beforeEach(() => {
    vi.mocked(checkPlan).mockReturnValue([]);
  });
  afterEach(() => {
    vi.mocked(checkPlan).mockImplementation(realCheckPlan);
  });

  const named = (...names: string[]) =>
    plan(
      "p",
      [exampleDisk()],
      names.map((n, i) => vm(n, [range(BigInt(i) * 4096n + 2048n, 8n)])),
    );

  it.each([
    ["..", 'The name of VM 1 is "." or "..": it cannot be a folder in the zip.'],
    [
      "a/b",
      "The name of VM 1 contains a path separator (/ or \\): it cannot be a folder in the zip.",
    ],
    [
      "CON",
      "The name of VM 1 is a name Windows reserves for a device: it cannot be a folder in the zip.",
    ],
  ])("a VM named %j", (name, message) => {
    expect(errorsOf(named(name)).map((f) => [f.code, f.message])).toEqual([
      ["zip-unsafe-path", message],
    ]);
  });

  it("two VMs whose folders differ only in case", () => {
    expect(errorsOf(named("Web", "web")).map((f) => f.message)).toEqual([
      'The zip would hold both "Web" and "web": one would overwrite the other.',
    ]);
  });

  it("a VM named like README.txt", () => {
    expect(errorsOf(named("readme.TXT")).map((f) => f.code)).toEqual(["zip-path-clash"]);
  });

  it("a head file named like the descriptor", () => {
    const p = named("a");
    p.vms[0] = { ...p.vms[0], head: { file: "a.vmdk", sectors: 2048 } } as Plan["vms"][number];
    expect(errorsOf(p).map((f) => [f.code, f.targets])).toEqual([
      ["zip-path-clash", [{ vm: 0, field: "head.file" }]],
    ]);
  });

  it("a head file named like a folder the zip needs beside it (qemu/, dm/)", () => {
    for (const [file, target] of [
      ["qemu", "qemu"],
      ["QEMU", "qemu"],
      ["dm", "dm"],
    ] as const) {
      const p = named("a");
      p.vms[0] = {
        ...p.vms[0],
        head: { file, sectors: 2048 },
        targets: ["virtualbox", target],
      } as Plan["vms"][number];
      const found = errorsOf(p);
      expect(found.map((f) => f.code)).toContain("zip-path-clash");
      expect(found[0]?.message).toContain(`"a/${file}"`);
    }
    // A file merely sharing the folder's first letters is fine.
    const fine = named("a");
    fine.vms[0] = {
      ...fine.vms[0],
      head: { file: "qemu.img", sectors: 2048 },
      targets: ["virtualbox", "qemu"],
    } as Plan["vms"][number];
    expect(errorsOf(fine)).toEqual([]);
  });

  it("two VMs whose device-mapper maps would get one name", () => {
    // dm names keep only A–Z a–z 0–9 _ . + -: "a b" and "a_b", "日本" and "中国" would both
    // create (and tear down) one /dev/mapper/rdp-… map, so one VM could be started on the
    // other's sectors.
    for (const [a, b, map] of [
      ["a b", "a_b", "rdp-a_b"],
      ["\u65e5\u672c", "\u4e2d\u56fd", "rdp-__"],
    ] as const) {
      uuidCalls = 0;
      const p = named(a, b);
      p.vms = p.vms.map((v) => ({ ...v, targets: ["virtualbox", "dm"] }));
      const found = errorsOf(p);
      expect(found.map((f) => [f.code, f.targets])).toEqual([
        ["target-refused", [{ vm: 1, field: "name" }]],
      ]);
      expect(found[0]?.message).toContain(`/dev/mapper/${map}`);
      // Only one of them with the dm target: no map is shared.
      uuidCalls = 0;
      const one = named(a, b);
      one.vms[1] = { ...(one.vms[1] as Plan["vms"][number]), targets: ["virtualbox", "dm"] };
      expect(errorsOf(one)).toEqual([]);
      // The --target option of the CLI gives every VM dm.
      uuidCalls = 0;
      expect(
        planFiles(named(a, b), { newUuid, targets: ["dm"] }).ok,
        `${a} and ${b} with --target dm`,
      ).toBe(false);
    }
  });

  it("ZIP_VM_FOLDER_NAMES lists every name the zip puts beside a descriptor", () => {
    const disks = [
      { ...exampleDisk(), id: "w", device: "\\\\.\\PhysicalDrive1" },
      { ...exampleDisk(), id: "l", device: "/dev/disk/by-id/ata-X" },
    ];
    const targets = ["virtualbox", "qemu", "libvirt", "dm"] as const;
    // Two ranges each: libvirt then needs the qemu/ descriptor too.
    const two = plan(
      "p",
      disks,
      ["w", "l"].map((d, i) => ({
        ...vm(`vm${i}`, [range(2048n, 8n, d), range(1000000n, 8n, d)]),
        targets: [...targets],
      })),
    );
    const result = planFiles(two, { newUuid });
    expect(result.ok).toBe(true);
    const beside = new Set<string>();
    for (const f of result.ok ? result.files : []) {
      const [folder, name] = f.path.split("/");
      if (name === undefined || name === "" || folder === undefined) continue;
      if (name === `${folder}.vmdk` || name === "Raw_Sectors_1MiB") continue;
      beside.add(name);
    }
    expect([...beside].sort()).toEqual([...ZIP_VM_FOLDER_NAMES].sort());
  });

  it("a head file with a separator, and a head above 64 MiB", () => {
    const p = named("a", "b");
    p.vms[0] = { ...p.vms[0], head: { file: "../x", sectors: 2048 } } as Plan["vms"][number];
    p.vms[1] = {
      ...p.vms[1],
      head: { file: "h", sectors: MAX_HEAD_SECTORS + 1 },
    } as Plan["vms"][number];
    expect(errorsOf(p).map((f) => f.code)).toEqual(["zip-unsafe-path", "zip-head-too-large"]);
  });

  it("two VMs with one UUID, and a new UUID that is not one", () => {
    const p = named("a", "b");
    p.vms = p.vms.map((v) => ({ ...v, uuid: UUIDS[0] ?? null }));
    expect(errorsOf(p).map((f) => f.message)).toEqual([
      "VM 2 has the same UUID as VM 1; VirtualBox refuses two disks with one UUID.",
    ]);
    const bad = planFiles(named("a"), { newUuid: () => "not-a-uuid" });
    expect(bad.ok ? [] : bad.findings.map((f) => f.code)).toEqual(["zip-uuid", "zip-descriptor"]);
  });

  it("a descriptor that does not read back as meant (the writer's self-check)", async () => {
    const real =
      await vi.importActual<typeof import("../vmdk/descriptor.ts")>("../vmdk/descriptor.ts");
    vi.mocked(writeDescriptor).mockImplementationOnce((v, disks, options) => {
      const written = real.writeDescriptor(v, disks, options);
      return written.ok
        ? { ...written, text: written.text.replace(" 125831168\n", " 125831169\n") }
        : written;
    });
    expect(errorsOf(splitPlan()).map((f) => f.message)).toEqual([
      "The descriptor of VM 1 does not read back: extent 2 reads differently.",
    ]);
  });

  it("a device path the descriptor cannot hold", () => {
    const p = named("a");
    p.disks[0] = { ...exampleDisk(), device: '/dev/sd"a' };
    expect(errorsOf(p).map((f) => f.message)).toEqual([
      'The descriptor of VM 1 cannot be written: The device path of disk d0 contains a double quote (").',
    ]);
  });
});

describe("pathComponentProblem", () => {
  it.each([
    ["", "is empty"],
    [".", 'is "." or ".."'],
    ["a\\b", "contains a path separator (/ or \\)"],
    ["a:b", "contains :, which Windows forbids in file names"],
    ["a*", "contains *, which Windows forbids in file names"],
    ["a\tb", "contains a control character"],
    ["a\u202eb", "contains a control character"],
    ["a\ud800", "contains an unpaired surrogate (not valid Unicode)"],
    ["web.", "ends in a dot or a space, which Windows drops"],
    ["web ", "ends in a dot or a space, which Windows drops"],
    ["nul.txt", "is a name Windows reserves for a device"],
    ["lpt9.tar.gz", "is a name Windows reserves for a device"],
    ["COM1", "is a name Windows reserves for a device"],
    ["x".repeat(201), "is longer than 200 characters"],
  ])("%j %s", (name, problem) => {
    expect(pathComponentProblem(name)).toBe(problem);
  });

  it.each(["web", "Win 11 (test)", "日本 🙂", "a.b", "console", "COM10", "COM0", "..a"])(
    "accepts %j",
    (name) => {
      expect(pathComponentProblem(name)).toBeNull();
    },
  );
});

describe("pathComponentProblem is never stricter than checkPlan's name rules", () => {
  it("accepts every name fileNameProblem accepts (20000 random names)", () => {
    const rng = new Rng(2024);
    const alphabet = [
      ..."aZ09 ._-~$%'()[]{}!#&+,;=@^`",
      "é",
      "数",
      "🙂",
      "\u00a0",
      "ß",
      "İ",
      ":",
      "?",
      "\\",
      "/",
      "\t",
    ];
    let accepted = 0;
    for (let i = 0; i < 20000; i++) {
      const name = Array.from({ length: rng.int(1, 12) }, () => rng.pick(alphabet)).join("");
      const reserved = rng.bool(0.1)
        ? `${rng.pick(["con", "COM1", "lpt3", "nul", "CONIN$", "com0"])}${name}`
        : name;
      if (fileNameProblem(reserved) === null) {
        accepted++;
        expect(pathComponentProblem(reserved), reserved).toBeNull();
      }
    }
    expect(accepted).toBeGreaterThan(5000);
  });
});
