/**
 * The files of a plan's zip, as a pure list (zip.ts packs them):
 *
 *   README.txt                   readme.ts
 *   plan.json                    planToJson(plan with every UUID filled in)
 *   <vm>/<vm>.vmdk               the descriptor (vmdk/descriptor.ts)
 *   <vm>/<head.file>             head.sectors × 512 bytes: zeros, or the guest's MBR/GPT
 *   <vm>/<tail file>             GPT only: the 33-sector backup table (src/lib/guest)
 *   …one folder per VM, in plan order
 *
 * A plan with any error finding gives no files at all. Paths are checked here again, whatever
 * checkPlan said, because a bad one escapes the folder when the zip is extracted.
 */
import { checkPlan } from "../check/index.ts";
import { MAX_HEAD_SECTORS } from "../vbox.ts";
import { planToJson } from "../plan/codec.ts";
import type { Finding, FindingTarget } from "../plan/findings.ts";
import { hasErrors } from "../plan/findings.ts";
import type { Plan, Target } from "../plan/types.ts";
import { folderKey, quoteForMessage } from "../plan/names.ts";
import { isImageUuid, writeDescriptor, type PlannedExtent } from "../vmdk/descriptor.ts";
import { readDescriptor } from "../vmdk/reader.ts";
import { readmeText, type ReadmeDisk } from "./readme.ts";
import { vmScripts } from "./scripts.ts";
import { qemuFiles, singleRange } from "../targets/qemu.ts";
import { libvirtDiskXml } from "../targets/libvirt.ts";
import { dmFiles, dmName } from "../targets/dm.ts";
import { guestFiles } from "../guest/bytes.ts";
import { fillGuestIds } from "../guest/ids.ts";

export interface ZipEntry {
  /** Forward slashes, relative, no `.` or `..` parts. */
  path: string;
  /** Text is written as UTF-8. */
  data: Uint8Array | string;
}

export interface PlanFilesOptions {
  /** A fresh random UUID (v4), for each VM whose uuid is still null. */
  newUuid: () => string;
  /** The outputs for every VM (CLI --target); otherwise each VM's own, or VirtualBox. */
  targets?: readonly Target[];
}

export type PlanFilesResult =
  | { ok: true; plan: Plan; files: ZipEntry[]; findings: Finding[] }
  | { ok: false; findings: Finding[] };

export const README_PATH = "README.txt";
export const PLAN_PATH = "plan.json";
/** Heads are blank files held in memory: checkPlan's limit (64 MiB), checked again here. */
export { MAX_HEAD_SECTORS };

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])(\..*)?$/i;

/**
 * Why `name` cannot be one folder or file name inside the zip, or null when it can. A safety
 * net under checkPlan's stricter rules (plan/names.ts), never stricter than they are: it must
 * not be empty, `.` or `..`, hold a path separator, a character Windows forbids in names, a
 * control or bidirectional-override character, end in a dot or space, or be a name Windows
 * reserves (CON, NUL, COM1, …).
 *
 * @example pathComponentProblem("web") // null
 * @example pathComponentProblem("..")  // 'is "." or ".."'
 */
export function pathComponentProblem(name: string): string | null {
  if (name.length === 0) return "is empty";
  if (name === "." || name === "..") return 'is "." or ".."';
  if (name.length > 200) return "is longer than 200 characters";
  if (/[/\\]/.test(name)) return "contains a path separator (/ or \\)";
  const forbidden = /[<>:"|?*]/.exec(name);
  if (forbidden) return `contains ${forbidden[0]}, which Windows forbids in file names`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(name)) {
    return "contains a control character";
  }
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(name)) {
    return "contains an unpaired surrogate (not valid Unicode)";
  }
  if (/[. ]$/.test(name)) return "ends in a dot or a space, which Windows drops";
  if (WINDOWS_RESERVED.test(name)) return "is a name Windows reserves for a device";
  return null;
}

/**
 * Reads a written descriptor back with the strict reader: null when it gives exactly the
 * extents meant, else why not. The writer is tested; this guards every zip anyway, because
 * a descriptor that maps other sectors than planned is the one mistake that destroys data.
 */
function descriptorDoubt(text: string, meant: readonly PlannedExtent[]): string | null {
  const read = readDescriptor(text);
  if (!read.ok) return `line ${read.error.line}: ${read.error.message}`;
  const got = read.descriptor.extents;
  if (got.length !== meant.length) return `${got.length} extents instead of ${meant.length}.`;
  for (const [i, extent] of meant.entries()) {
    const g = got[i];
    const zero = extent.source.kind === "padding";
    if (
      !g ||
      g.type !== (zero ? "ZERO" : "FLAT") ||
      g.access !== extent.access ||
      g.sectors !== extent.sectors ||
      g.file !== (zero ? null : extent.file) ||
      g.offset !== (zero ? null : extent.offset)
    ) {
      return `extent ${i + 1} reads differently.`;
    }
  }
  return null;
}

/** Extraction folds case on Windows and macOS and normalizes Unicode on macOS (folderKey). */
const collisionKey = (path: string): string => folderKey(path);

/**
 * Every file of the zip, or the findings that forbid it. UUIDs still null are filled in with
 * `newUuid()` and the returned plan carries them, so plan.json rebuilds the same bytes.
 *
 * @example
 * const r = planFiles(plan, { newUuid: () => crypto.randomUUID() });
 * if (r.ok) r.files.map((f) => f.path)
 * // ["README.txt", "plan.json", "web/web.vmdk", "web/Raw_Sectors_1MiB"]
 */
export function planFiles(plan: Plan, options: PlanFilesOptions): PlanFilesResult {
  const findings = checkPlan(plan);
  if (hasErrors(findings)) return { ok: false, findings };

  const errors: Finding[] = [];
  const error = (code: string, message: string, target: FindingTarget) =>
    errors.push({ severity: "error", code, message, targets: [target] });

  const vms = plan.vms.map((vm, index) => {
    if (vm.uuid !== null) return vm;
    const uuid = options.newUuid().toLowerCase();
    if (!isImageUuid(uuid)) {
      error("zip-uuid", `The new UUID "${uuid}" for VM ${index + 1} is not a UUID.`, {
        vm: index,
        field: "uuid",
      });
    }
    return { ...vm, uuid };
  });
  // Guest table identities (disk signature, GUIDs) are assigned once too, from fresh UUIDs.
  const filled: Plan = fillGuestIds({ ...plan, vms }, options.newUuid);

  const seenUuids = new Map<string, number>();
  const seenPaths = new Map<string, string>(
    [README_PATH, PLAN_PATH].map((p) => [collisionKey(p), p]),
  );
  // The folders that files sit in (`a/qemu` for `a/qemu/run-qemu.sh`): no file may take the
  // name of one, nor sit inside a file (a head file named `qemu` beside the qemu/ folder),
  // or unzip cannot create the folder and leaves the files inside it out.
  const folderOf = new Map<string, string>();
  const vmFolders = new Set<string>();
  /** False (and an error) when the path is taken already. */
  const claim = (path: string, vm: number, field: string): boolean => {
    const key = collisionKey(path);
    const clash = (other: string): false => {
      const message = `The zip would hold both "${other}" and "${path}": one would overwrite the other.`;
      error("zip-path-clash", message, { vm, field });
      return false;
    };
    const other = seenPaths.get(key) ?? folderOf.get(key);
    if (other !== undefined) return clash(other);
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join("/");
      const folderKey = collisionKey(folder);
      const file = seenPaths.get(folderKey);
      if (file !== undefined && !vmFolders.has(folderKey)) return clash(file);
    }
    seenPaths.set(key, path);
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join("/");
      if (!folderOf.has(collisionKey(folder))) folderOf.set(collisionKey(folder), `${folder}/`);
    }
    return true;
  };

  const disks: ReadmeDisk[] = [];
  const vmFiles: ZipEntry[] = [];
  for (const [index, vm] of filled.vms.entries()) {
    const which = `VM ${index + 1}`;
    const uuid = (vm.uuid ?? "").toLowerCase();
    const twin = seenUuids.get(uuid);
    if (twin !== undefined) {
      error(
        "zip-uuid",
        `${which} has the same UUID as VM ${twin + 1}; VirtualBox refuses two disks with one UUID.`,
        {
          vm: index,
          field: "uuid",
        },
      );
    }
    seenUuids.set(uuid, index);

    const nameProblem = pathComponentProblem(vm.name);
    if (nameProblem) {
      error(
        "zip-unsafe-path",
        `The name of ${which} ${nameProblem}: it cannot be a folder in the zip.`,
        {
          vm: index,
          field: "name",
        },
      );
      continue;
    }
    const folder = vm.name;
    const descriptorFile = `${vm.name}.vmdk`;
    // A clashing folder would clash again for every file inside it: say it once.
    if (!claim(folder, index, "name")) continue;
    vmFolders.add(collisionKey(folder));
    claim(`${folder}/${descriptorFile}`, index, "name");

    const hasHead = vm.head.sectors > 0;
    if (hasHead) {
      const headProblem = pathComponentProblem(vm.head.file);
      if (headProblem) {
        error("zip-unsafe-path", `The head file name of ${which} ${headProblem}.`, {
          vm: index,
          field: "head.file",
        });
        continue;
      }
      if (vm.head.sectors > MAX_HEAD_SECTORS) {
        error(
          "zip-head-too-large",
          `The head of ${which} has ${vm.head.sectors} sectors; at most ${MAX_HEAD_SECTORS} (64 MiB) are written.`,
          { vm: index, field: "head.sectors" },
        );
        continue;
      }
      claim(`${folder}/${vm.head.file}`, index, "head.file");
    }

    const descriptor = writeDescriptor(vm, filled.disks);
    if (!descriptor.ok) {
      error("zip-descriptor", `The descriptor of ${which} cannot be written: ${descriptor.error}`, {
        vm: index,
      });
      continue;
    }
    const doubt = descriptorDoubt(descriptor.text, descriptor.extents);
    if (doubt) {
      error("zip-descriptor", `The descriptor of ${which} does not read back: ${doubt}`, {
        vm: index,
      });
      continue;
    }
    // Head and tail bytes from the very layout the descriptor's extents came from.
    const guest = guestFiles(descriptor.guest);
    if (!guest.ok) {
      error("zip-descriptor", `The partition table of ${which} cannot be written: ${guest.error}`, {
        vm: index,
      });
      continue;
    }
    const tail = descriptor.extents.find((e) => e.source.kind === "tail");
    if (tail) {
      const tailProblem = pathComponentProblem(tail.file);
      if (tailProblem) {
        error("zip-unsafe-path", `The GPT tail file name of ${which} ${tailProblem}.`, {
          vm: index,
          field: "tailFile",
        });
        continue;
      }
      if (!claim(`${folder}/${tail.file}`, index, "tailFile")) continue;
    }
    disks.push({ vm, folder, descriptorFile, layout: descriptor, uuid: descriptor.uuid });
    vmFiles.push({ path: `${folder}/${descriptorFile}`, data: descriptor.text });
    if (hasHead && guest.head)
      vmFiles.push({ path: `${folder}/${vm.head.file}`, data: guest.head });
    if (tail && guest.tail) vmFiles.push({ path: `${folder}/${tail.file}`, data: guest.tail });
  }
  /** Device-mapper map names given out so far, with the VM that has each. */
  const dmNames = new Map<string, string>();
  for (const disk of disks) {
    const index = filled.vms.indexOf(disk.vm);
    const targets = options.targets ?? disk.vm.targets ?? ["virtualbox"];
    const add = (name: string, data: string): void => {
      const path = `${disk.folder}/${name}`;
      if (claim(path, index, "targets")) vmFiles.push({ path, data });
    };
    if (!targets.includes("virtualbox")) {
      // Only the other hypervisors: the VirtualBox descriptor is not in the zip.
      const at = vmFiles.findIndex((f) => f.path === `${disk.folder}/${disk.descriptorFile}`);
      if (at !== -1) vmFiles.splice(at, 1);
    } else {
      // The check and register scripts beside the descriptor (scripts.ts).
      for (const script of vmScripts(filled, disk)) add(script.name, script.text);
    }
    const wantsQemu = targets.includes("qemu") || targets.includes("libvirt");
    if (wantsQemu) {
      const qemu = qemuFiles(disk.vm, filled.disks, disk.layout, disk.uuid);
      if (!qemu.ok) {
        error("target-refused", qemu.error, { vm: index, field: "targets" });
        continue;
      }
      if (targets.includes("qemu") || !singleRange(disk.layout)) {
        add(`qemu/${disk.vm.name}.vmdk`, qemu.value.descriptor);
        add("qemu/run-qemu.sh", qemu.value.script);
      }
    }
    if (targets.includes("libvirt")) {
      add("libvirt-disk.xml", libvirtDiskXml(disk.vm, filled.disks, disk.layout));
    }
    if (targets.includes("dm")) {
      // dm names keep only A–Z a–z 0–9 _ . + -: two VMs may come to one map name, and then
      // one VM's setup.sh would find (or teardown.sh remove) the other's map.
      const mapName = dmName(disk.vm);
      const other = dmNames.get(mapName);
      if (other !== undefined) {
        error(
          "target-refused",
          `VM ${quoteForMessage(disk.vm.name)} would get the device-mapper map /dev/mapper/${mapName}, which VM ${quoteForMessage(other)} gets too (a map's name keeps only letters, digits, "_", ".", "+" and "-"): one VM could be started on the other's map. Rename one of them.`,
          { vm: index, field: "name" },
        );
        continue;
      }
      dmNames.set(mapName, disk.vm.name);
      const dm = dmFiles(disk.vm, disk.layout);
      if (!dm.ok) {
        error("target-refused", dm.error, { vm: index, field: "targets" });
        continue;
      }
      add("dm/table.txt", dm.value.table);
      add("dm/setup.sh", dm.value.setup);
      add("dm/teardown.sh", dm.value.teardown);
    }
  }
  if (errors.length > 0) return { ok: false, findings: [...findings, ...errors] };

  const warnings = findings.filter((f) => f.severity === "warning");
  return {
    ok: true,
    plan: filled,
    findings,
    files: [
      {
        path: README_PATH,
        data: readmeText(
          filled,
          disks,
          warnings,
          (vm) => options.targets ?? vm.targets ?? ["virtualbox"],
        ),
      },
      { path: PLAN_PATH, data: planToJson(filled) },
      ...vmFiles,
    ],
  };
}
