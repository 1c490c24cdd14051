/** The readers of each part of a plan: partition, disk, identity, head, range, VM. */
import {
  DISK_ID_PATTERN,
  GUID_EXAMPLE,
  PLAN_LIMITS,
  Reader,
  SECTOR_SIZES,
  SIGNATURE_PATTERN,
  TABLE_TYPES,
  describe,
  has,
  join,
  own,
  type Obj,
} from "./codecReader.ts";
import {
  ACCESS_VALUES,
  ADAPTER_TYPES,
  GUEST_PARTITION_TYPES,
  PARTITION_TABLES,
  PLACEMENTS,
  PLAN_DISK_IDENTITY_FIELDS,
  TARGETS,
  type Access,
  type AdapterType,
  type GuestPartitionType,
  type PartitionTable,
  type Placement,
  type PlanDisk,
  type PlanDiskIdentity,
  type PlanHead,
  type PlanPartition,
  type PlanRange,
  type PlanVm,
  type Target,
} from "./types.ts";
import { bytes, vmdkSectors } from "../units.ts";
import { LOWERCASE_UUID_PATTERN } from "../vbox.ts";

export function readPartition(r: Reader, v: unknown, path: string): PlanPartition | undefined {
  const o = r.object(v, path);
  if (!o) return undefined;
  const rawNumber = own(o, "number");
  const number =
    rawNumber === null
      ? null
      : r.integer(rawNumber, join(path, "number"), 0, PLAN_LIMITS.partitionNumber);
  const label = r.string(own(o, "label"), join(path, "label"), PLAN_LIMITS.label);
  const startByte = r.big(own(o, "startByte"), join(path, "startByte"));
  const sizeBytes = r.big(own(o, "sizeBytes"), join(path, "sizeBytes"));
  let type: string | undefined;
  if (has(o, "type"))
    type = r.string(own(o, "type"), join(path, "type"), PLAN_LIMITS.partitionType);
  let flags: string[] | undefined;
  if (has(o, "flags")) {
    const raw = r.array(own(o, "flags"), join(path, "flags"), PLAN_LIMITS.flagsPerPartition);
    if (raw) {
      const read = raw.map((f, i) => r.string(f, `${join(path, "flags")}[${i}]`, PLAN_LIMITS.flag));
      if (read.every((f) => f !== undefined)) flags = read;
    }
  }
  let exact: boolean | undefined;
  if (has(o, "exact")) exact = r.boolean(own(o, "exact"), join(path, "exact"));
  if (
    number === undefined ||
    label === undefined ||
    startByte === undefined ||
    sizeBytes === undefined
  ) {
    return undefined;
  }
  const p: PlanPartition = {
    number,
    label,
    startByte: bytes(startByte),
    sizeBytes: bytes(sizeBytes),
  };
  if (type !== undefined) p.type = type;
  if (flags !== undefined) p.flags = flags;
  if (exact !== undefined) p.exact = exact;
  return p;
}

export function readDisk(r: Reader, v: unknown, path: string): PlanDisk | undefined {
  const o = r.object(v, path);
  if (!o) return undefined;
  const idPath = join(path, "id");
  let id = r.string(own(o, "id"), idPath, PLAN_LIMITS.diskId);
  if (id !== undefined && !DISK_ID_PATTERN.test(id)) {
    id = r.fail(
      idPath,
      `must be 1 to ${PLAN_LIMITS.diskId} letters, digits, ".", "_" or "-", not ${describe(id)}`,
    );
  }
  const device = r.string(own(o, "device"), join(path, "device"), PLAN_LIMITS.device);
  const logicalSectorSize = r.oneOf(
    own(o, "logicalSectorSize"),
    join(path, "logicalSectorSize"),
    SECTOR_SIZES,
  );
  const rawSize = own(o, "sizeBytes");
  const sizeBytes = rawSize === null ? null : r.big(rawSize, join(path, "sizeBytes"));
  let tableType: "dos" | "gpt" | null | undefined;
  let tableOk = true;
  if (has(o, "tableType")) {
    const raw = own(o, "tableType");
    tableType = raw === null ? null : r.oneOf(raw, join(path, "tableType"), TABLE_TYPES);
    tableOk = tableType !== undefined;
  }
  let exactConfirmed: boolean | undefined;
  let confirmedOk = true;
  if (has(o, "exactConfirmed")) {
    exactConfirmed = r.boolean(own(o, "exactConfirmed"), join(path, "exactConfirmed"));
    confirmedOk = exactConfirmed !== undefined;
  }
  let identity: PlanDiskIdentity | undefined;
  let identityOk = true;
  if (has(o, "identity")) {
    identity = readDiskIdentity(r, own(o, "identity"), join(path, "identity"));
    identityOk = identity !== undefined;
  }
  const partsPath = join(path, "partitions");
  const rawParts = r.array(own(o, "partitions"), partsPath, PLAN_LIMITS.partitionsPerDisk);
  const partitions = rawParts?.map((p, i) => readPartition(r, p, `${partsPath}[${i}]`));
  if (
    id === undefined ||
    device === undefined ||
    logicalSectorSize === undefined ||
    sizeBytes === undefined ||
    !tableOk ||
    !confirmedOk ||
    !identityOk ||
    partitions === undefined ||
    !partitions.every((p) => p !== undefined)
  ) {
    return undefined;
  }
  const disk: PlanDisk = {
    id,
    device,
    logicalSectorSize,
    sizeBytes: sizeBytes === null ? null : bytes(sizeBytes),
    partitions,
  };
  if (tableType !== undefined) disk.tableType = tableType;
  if (exactConfirmed !== undefined) disk.exactConfirmed = exactConfirmed;
  if (identity !== undefined) disk.identity = identity;
  return disk;
}

export function readDiskIdentity(
  r: Reader,
  v: unknown,
  path: string,
): PlanDiskIdentity | undefined {
  const o = r.object(v, path);
  if (!o) return undefined;
  const identity: PlanDiskIdentity = {};
  let ok = true;
  for (const field of PLAN_DISK_IDENTITY_FIELDS) {
    if (!has(o, field)) continue;
    const value = r.string(own(o, field), join(path, field), PLAN_LIMITS.identityValue);
    if (value === undefined) ok = false;
    else identity[field] = value;
  }
  return ok ? identity : undefined;
}

/** `distinctDevices`: pairs of device path strings; absent is fine. */
export function readDistinctDevices(
  r: Reader,
  doc: Obj,
): { ok: boolean; value?: Array<[string, string]> } {
  if (!has(doc, "distinctDevices")) return { ok: true };
  const raw = r.array(own(doc, "distinctDevices"), "distinctDevices", PLAN_LIMITS.distinctDevices);
  if (!raw) return { ok: false };
  const pairs: Array<[string, string]> = [];
  let ok = true;
  raw.forEach((item, i) => {
    const path = `distinctDevices[${i}]`;
    const pair = r.array(item, path, 2);
    if (!pair) {
      ok = false;
      return;
    }
    if (pair.length !== 2) {
      r.fail(path, `must hold exactly 2 device paths, not ${pair.length}`);
      ok = false;
      return;
    }
    const a = r.string(pair[0], `${path}[0]`, PLAN_LIMITS.device);
    const b = r.string(pair[1], `${path}[1]`, PLAN_LIMITS.device);
    if (a === undefined || b === undefined) ok = false;
    else pairs.push([a, b]);
  });
  return ok ? { ok, value: pairs } : { ok };
}

export function readHead(r: Reader, v: unknown, path: string): PlanHead | undefined {
  const o = r.object(v, path);
  if (!o) return undefined;
  const file = r.string(own(o, "file"), join(path, "file"), PLAN_LIMITS.headFile);
  const sectors = r.integer(own(o, "sectors"), join(path, "sectors"), 0, PLAN_LIMITS.headSectors);
  if (file === undefined || sectors === undefined) return undefined;
  return { file, sectors };
}

export function readRange(
  r: Reader,
  v: unknown,
  path: string,
  diskIds: ReadonlySet<string> | null,
): PlanRange | undefined {
  const o = r.object(v, path);
  if (!o) return undefined;
  const diskPath = join(path, "disk");
  let disk = r.string(own(o, "disk"), diskPath, PLAN_LIMITS.diskId);
  if (disk !== undefined && diskIds !== null && !diskIds.has(disk)) {
    disk = r.fail(diskPath, `refers to disk ${JSON.stringify(disk)}, which is not in "disks"`);
  }
  const startSector = r.big(own(o, "startSector"), join(path, "startSector"));
  const sectors = r.big(own(o, "sectors"), join(path, "sectors"));
  const access = r.oneOf<Access>(own(o, "access"), join(path, "access"), ACCESS_VALUES);
  const type = r.optionalOneOf<GuestPartitionType>(o, "type", path, GUEST_PARTITION_TYPES);
  const guid = r.identity(o, "partitionGuid", path, LOWERCASE_UUID_PATTERN, GUID_EXAMPLE);
  if (
    disk === undefined ||
    startSector === undefined ||
    sectors === undefined ||
    access === undefined ||
    !type.ok ||
    !guid.ok
  ) {
    return undefined;
  }
  const range: PlanRange = {
    disk,
    startSector: vmdkSectors(startSector),
    sectors: vmdkSectors(sectors),
    access,
  };
  if (type.value !== undefined) range.type = type.value;
  if (guid.value !== undefined) range.partitionGuid = guid.value;
  return range;
}

export function readVm(
  r: Reader,
  v: unknown,
  path: string,
  diskIds: ReadonlySet<string> | null,
): PlanVm | undefined {
  const o = r.object(v, path);
  if (!o) return undefined;
  const name = r.string(own(o, "name"), join(path, "name"), PLAN_LIMITS.vmName);
  const adapterType = r.oneOf<AdapterType>(
    own(o, "adapterType"),
    join(path, "adapterType"),
    ADAPTER_TYPES,
  );
  const rawUuid = own(o, "uuid");
  let uuid: string | null | undefined = null;
  if (rawUuid !== null) {
    uuid = r.string(rawUuid, join(path, "uuid"), 64);
    if (uuid !== undefined && !LOWERCASE_UUID_PATTERN.test(uuid)) {
      uuid = r.fail(
        join(path, "uuid"),
        `must be null or a lowercase UUID like "0b5a1e4c-8d3f-4f6a-9c2e-1d7b3a5e9f01", not ${describe(uuid)}`,
      );
    }
  }
  let color: number | undefined;
  let colorOk = true;
  if (has(o, "color")) {
    color = r.integer(own(o, "color"), join(path, "color"), 0, PLAN_LIMITS.color);
    colorOk = color !== undefined;
  }
  const head = readHead(r, own(o, "head"), join(path, "head"));
  const table = r.optionalOneOf<PartitionTable>(o, "partitionTable", path, PARTITION_TABLES);
  const placement = r.optionalOneOf<Placement>(o, "placement", path, PLACEMENTS);
  let targets: Target[] | undefined;
  let targetsOk = true;
  if (has(o, "targets")) {
    const raw = r.array(own(o, "targets"), join(path, "targets"), TARGETS.length);
    const read = raw?.map((t, i) => r.oneOf(t, `${join(path, "targets")}[${i}]`, TARGETS));
    if (read && read.every((t) => t !== undefined)) targets = [...new Set(read)];
    else targetsOk = false;
  }
  let tailFile: string | undefined;
  let tailOk = true;
  if (has(o, "tailFile")) {
    tailFile = r.string(own(o, "tailFile"), join(path, "tailFile"), PLAN_LIMITS.headFile);
    tailOk = tailFile !== undefined;
  }
  const signature = r.identity(
    o,
    "diskSignature",
    path,
    SIGNATURE_PATTERN,
    '8 lowercase hex digits like "1a2b3c4d"',
  );
  const diskGuid = r.identity(o, "diskGuid", path, LOWERCASE_UUID_PATTERN, GUID_EXAMPLE);
  const rangesPath = join(path, "ranges");
  const rawRanges = r.array(own(o, "ranges"), rangesPath, PLAN_LIMITS.rangesPerVm);
  const ranges = rawRanges?.map((x, i) => readRange(r, x, `${rangesPath}[${i}]`, diskIds));
  if (
    name === undefined ||
    adapterType === undefined ||
    uuid === undefined ||
    !colorOk ||
    head === undefined ||
    !table.ok ||
    !placement.ok ||
    !targetsOk ||
    !tailOk ||
    !signature.ok ||
    !diskGuid.ok ||
    ranges === undefined ||
    !ranges.every((x) => x !== undefined)
  ) {
    return undefined;
  }
  const vm: PlanVm = { name, adapterType, uuid, head, ranges };
  if (color !== undefined) vm.color = color;
  if (table.value !== undefined) vm.partitionTable = table.value;
  if (placement.value !== undefined) vm.placement = placement.value;
  if (tailFile !== undefined) vm.tailFile = tailFile;
  if (targets !== undefined) vm.targets = targets;
  if (signature.value !== undefined) vm.diskSignature = signature.value;
  if (diskGuid.value !== undefined) vm.diskGuid = diskGuid.value;
  return vm;
}
