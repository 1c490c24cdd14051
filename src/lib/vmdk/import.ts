/**
 * An existing raw-disk descriptor (read by reader.ts) as a VM of the plan, so a regenerated
 * descriptor keeps the UUID VirtualBox already has in its media registry:
 *
 *   RW 2048 FLAT "Raw_Sectors_1MiB" 0                    → head { file, sectors: 2048 }
 *   RW 62914560 FLAT "\\.\PhysicalDrive0" 125831168       → range on the disk with that device
 *   RW 100 ZERO                                           → padding (identity placement)
 *   ddb.uuid.image="…"                                    → the VM's uuid, kept
 *
 * A FLAT extent whose file is a path (it has `/` or `\`) is a device: its ranges land on the
 * plan's disk with that device path (compared by canonical form: `\\?\PhysicalDrive0` is
 * `\\.\PhysicalDrive0`), which is added (size unknown) when absent. A path that may be a
 * listed disk under another name (a /dev/disk/by-id link) is a question for the user
 * (DeviceQuestion), answered in a second call; "another disk" is recorded in
 * plan.distinctDevices (docs/device-identity.md). Other
 * FLAT files after the head (a GPT backup file) and NOACCESS extents are not kept; each such
 * loss is reported as a note.
 */
import type { ReadDescriptor } from "./reader.ts";
import { isImageUuid } from "./descriptor.ts";
import {
  ADAPTER_TYPES,
  DEFAULT_HEAD,
  type AdapterType,
  type Plan,
  type PlanDisk,
  type PlanRange,
  type PlanVm,
} from "../plan/types.ts";
import { PLAN_LIMITS } from "../plan/codec.ts";
import { vmdkSectors } from "../units.ts";
import { canonicalDevice, possiblySameDiskPairs } from "../devices/identity.ts";

/**
 * A device path of the descriptor that matches no disk of the plan by canonical form, but may
 * be any of `candidates` (disk ids): a link or alias text cannot resolve
 * (docs/device-identity.md). The caller asks the user and imports again with the answer.
 */
export interface DeviceQuestion {
  device: string;
  candidates: string[];
}

/** Answers to DeviceQuestions: device path → the plan disk id it is, or null for another disk. */
export type DeviceAnswers = ReadonlyMap<string, string | null>;

export type DescriptorImportResult =
  | { ok: true; plan: Plan; vm: number; notes: string[]; addedDisks: string[] }
  | { ok: false; error: string; questions?: DeviceQuestion[] };

const isDevicePath = (file: string): boolean => file.includes("/") || file.includes("\\");

/** `C:\vms\web.vmdk` → `web`; an empty result becomes "imported". */
export function vmNameFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const name = base.replace(/\.vmdk$/i, "").trim();
  return name === "" ? "imported" : name.slice(0, PLAN_LIMITS.vmName);
}

function freeName(plan: Plan, wanted: string): string {
  const taken = new Set(plan.vms.map((v) => v.name.toLowerCase()));
  if (!taken.has(wanted.toLowerCase())) return wanted;
  for (let n = 2; ; n++) {
    const candidate = `${wanted}-${n}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

function freeDiskId(plan: Plan): string {
  const taken = new Set(plan.disks.map((d) => d.id));
  for (let n = plan.disks.length; ; n++) if (!taken.has(`d${n}`)) return `d${n}`;
}

/**
 * Adds the descriptor's VM to the plan (at the end). Never throws.
 *
 * @example
 * const read = readDescriptor(text);
 * if (read.ok) importDescriptor(plan, read.descriptor, "web.vmdk")
 * // { ok: true, vm: 0, plan: { …, vms: [{ name: "web", uuid: "0b6d…", head: { file:
 * //   "Raw_Sectors_1MiB", sectors: 2048 }, ranges: [{ disk: "d0", startSector: 125831168n,
 * //   sectors: 62914560n, access: "RW" }] }] }, notes: [], addedDisks: ["\\\\.\\PhysicalDrive0"] }
 */
export function importDescriptor(
  plan: Plan,
  descriptor: ReadDescriptor,
  fileName: string,
  answers: DeviceAnswers = new Map(),
): DescriptorImportResult {
  if (plan.vms.length >= PLAN_LIMITS.vms) {
    return {
      ok: false,
      error: `The plan has ${plan.vms.length} VMs already: no room for another.`,
    };
  }
  const notes: string[] = [];
  const disks: PlanDisk[] = [...plan.disks];
  const addedDisks: string[] = [];
  const questions: DeviceQuestion[] = [];
  let distinctDevices = plan.distinctDevices;
  const diskFor = (device: string): string => {
    const key = canonicalDevice(device).key;
    const known =
      disks.find((d) => d.device === device) ??
      disks.find((d) => canonicalDevice(d.device).key === key);
    if (known) return known.id;
    const listed = plan.disks.filter((d) => d.device !== "");
    const candidates = possiblySameDiskPairs(
      [{ device, logicalSectorSize: 512, sizeBytes: null }, ...listed],
      plan.distinctDevices,
    )
      .filter(([i]) => i === 0)
      .map(([, j]) => (listed[j - 1] as PlanDisk).id);
    if (candidates.length > 0) {
      const answer = answers.get(device);
      if (answer === undefined) {
        if (!questions.some((q) => q.device === device)) questions.push({ device, candidates });
        return "";
      }
      if (answer !== null && plan.disks.some((d) => d.id === answer)) return answer;
      // "Another disk": the user's word that it is none of the candidates, kept in the plan.
      for (const id of candidates) {
        const other = plan.disks.find((d) => d.id === id);
        if (other) distinctDevices = [...(distinctDevices ?? []), [device, other.device]];
      }
    }
    const id = freeDiskId({ ...plan, disks });
    disks.push({ id, device, logicalSectorSize: 512, sizeBytes: null, partitions: [] });
    addedDisks.push(device);
    return id;
  };

  let head = { ...DEFAULT_HEAD, sectors: 0 };
  const ranges: PlanRange[] = [];
  // Where each range starts in the guest's view, to tell identity placement from packed.
  let guestAt = 0n;
  let allAtHostLba = true;
  let zeroExtents = 0;
  for (const [index, extent] of descriptor.extents.entries()) {
    const at = guestAt;
    guestAt += extent.sectors;
    if (extent.type === "ZERO") {
      zeroExtents++;
      continue;
    }
    const file = extent.file ?? "";
    const offset = extent.offset ?? vmdkSectors(0n);
    if (extent.access === "NOACCESS") {
      notes.push(`Line ${extent.line}: a NOACCESS extent (${extent.sectors} sectors) is not kept.`);
      continue;
    }
    if (!isDevicePath(file)) {
      if (index === 0 && offset === 0n) {
        if (extent.sectors > BigInt(PLAN_LIMITS.headSectors)) {
          return {
            ok: false,
            error: `Line ${extent.line}: the head file "${file}" has ${extent.sectors} sectors; at most ${PLAN_LIMITS.headSectors}.`,
          };
        }
        head = { file, sectors: Number(extent.sectors) };
      } else {
        notes.push(
          `Line ${extent.line}: the file "${file}" (${extent.sectors} sectors) is not a device and not the head: not kept.`,
        );
      }
      continue;
    }
    if (offset !== at) allAtHostLba = false;
    ranges.push({
      disk: diskFor(file),
      startSector: offset,
      sectors: extent.sectors,
      access: extent.access,
    });
  }
  if (questions.length > 0) {
    return {
      ok: false,
      error: `The descriptor names ${questions.map((q) => `"${q.device}"`).join(", ")}, which the plan does not list under that name but may be a disk it lists: say which disk ${questions.length === 1 ? "it is" : "each is"}, or that it is another disk.`,
      questions,
    };
  }
  if (ranges.length === 0) {
    return {
      ok: false,
      error:
        "The descriptor has no extent on a device (a path such as \\\\.\\PhysicalDrive0 or /dev/sda): nothing to map onto a disk.",
    };
  }
  const identity = zeroExtents > 0 && allAtHostLba;
  if (zeroExtents > 0 && !identity) {
    notes.push(
      `${zeroExtents === 1 ? "One ZERO extent is" : `${zeroExtents} ZERO extents are`} not kept: the ranges are placed one after another.`,
    );
  }

  let uuid: string | null = null;
  if (descriptor.uuidImage !== null && isImageUuid(descriptor.uuidImage)) {
    uuid = descriptor.uuidImage.toLowerCase();
    const twin = plan.vms.find((v) => v.uuid?.toLowerCase() === uuid);
    if (twin) {
      notes.push(`${twin.name} has the same UUID: VirtualBox refuses two disks with one UUID.`);
    }
  } else {
    notes.push("The descriptor has no usable ddb.uuid.image: the VM gets a new UUID.");
  }
  const adapter = descriptor.adapterType;
  const adapterType: AdapterType = ADAPTER_TYPES.includes(adapter as AdapterType)
    ? (adapter as AdapterType)
    : "ide";
  if (adapter !== null && adapterType !== adapter) {
    notes.push(`The adapter type "${adapter}" is not one the planner writes: "ide" is used.`);
  }

  const vm: PlanVm = {
    name: freeName(plan, vmNameFromFileName(fileName)),
    adapterType,
    uuid,
    head,
    ranges,
    ...(identity ? { placement: "identity" as const } : {}),
  };
  return {
    ok: true,
    plan: {
      ...plan,
      disks,
      vms: [...plan.vms, vm],
      ...(distinctDevices !== undefined ? { distinctDevices } : {}),
    },
    vm: plan.vms.length,
    notes,
    addedDisks,
  };
}
