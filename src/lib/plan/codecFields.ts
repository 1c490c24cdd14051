/**
 * The plan format as tables of fields (docs/plan-format.md): one table per object (plan, disk,
 * disk identity, partition, VM, head, range) naming each field, whether it is optional, how
 * its JSON value is read (kind, limits, the message when it is wrong) and how it is written.
 * loadPlan reads and planToJson writes through these tables only, so a field is added in one
 * place. A table's order is the documented key order: planToJson writes keys in it, and
 * loadPlan reports a document's issues in it.
 */
import {
  DISK_ID_PATTERN,
  GUID_EXAMPLE,
  PLAN_LIMITS,
  SECTOR_SIZES,
  SIGNATURE_PATTERN,
  TABLE_TYPES,
  describe,
  isObject,
  own,
  readFields,
  writeFields,
  type Fields,
  type ReadValue,
  type Reader,
} from "./codecReader.ts";
import {
  ACCESS_VALUES,
  ADAPTER_TYPES,
  GUEST_PARTITION_TYPES,
  PARTITION_TABLES,
  PLACEMENTS,
  PLAN_DISK_IDENTITY_FIELDS,
  PLAN_FORMAT,
  PLAN_VERSION,
  TARGETS,
  type Plan,
  type PlanDisk,
  type PlanDiskIdentity,
  type PlanHead,
  type PlanPartition,
  type PlanRange,
  type PlanVm,
} from "./types.ts";
import { bytes, vmdkSectors } from "../units.ts";
import { LOWERCASE_UUID_PATTERN } from "../vbox.ts";

// ---------------------------------------------------------------------------------------------
// Kinds of value

const text =
  (max: number): ReadValue<string> =>
  (r, v, path) =>
    r.string(v, path, max);

const whole =
  (min: number, max: number): ReadValue<number> =>
  (r, v, path) =>
    r.integer(v, path, min, max);

const truth: ReadValue<boolean> = (r, v, path) => r.boolean(v, path);

const oneOf =
  <T extends string | number>(allowed: readonly T[]): ReadValue<T> =>
  (r, v, path) =>
    r.oneOf(v, path, allowed);

/** A decimal string below 2^63, in the unit `brand` gives it (bytes or VMDK sectors). */
const decimal =
  <B>(brand: (n: bigint) => B): ReadValue<B> =>
  (r, v, path) => {
    const n = r.big(v, path);
    return n === undefined ? undefined : brand(n);
  };

const decimalText = (n: bigint): string => n.toString();

/** null as itself (not known, or not assigned yet); anything else through `read`. */
const orNull =
  <V, C>(read: ReadValue<V, C>): ReadValue<V | null, C> =>
  (r, v, path, context) =>
    v === null ? null : read(r, v, path, context);

/** Text that `accepts` takes; `expected` words the issue when it does not. */
const checkedText =
  (
    max: number,
    accepts: (t: string) => boolean,
    expected: (found: string) => string,
  ): ReadValue<string> =>
  (r, v, path) => {
    const t = r.string(v, path, max);
    if (t === undefined || accepts(t)) return t;
    return r.fail(path, expected(describe(t)));
  };

/** The items of an accepted array, each read by `item` at `path[i]`; every item is read. */
function readItems<V, C>(
  r: Reader,
  raw: readonly unknown[],
  path: string,
  item: ReadValue<V, C>,
  context: C,
): V[] | undefined {
  const read = raw.map((x, i) => item(r, x, `${path}[${i}]`, context));
  return read.every((x) => x !== undefined) ? (read as V[]) : undefined;
}

/** An array of at most `max` items, each read by `item`. */
const listOf =
  <V, C>(max: number, item: ReadValue<V, C>): ReadValue<V[], C> =>
  (r, v, path, context) => {
    const raw = r.array(v, path, max);
    return raw && readItems(r, raw, path, item, context);
  };

/** An object read by its own table. */
const object =
  <T, C>(fields: Fields<T, C>): ReadValue<T, C> =>
  (r, v, path, context) =>
    readFields(r, v, path, fields, context);

/** A guest table's identity value (GUID, MBR signature): null until built, never all zeros. */
const guestId = (pattern: RegExp, example: string): ReadValue<string | null> =>
  orNull(
    checkedText(
      36,
      (t) => pattern.test(t) && !/^[0-]+$/.test(t),
      (found) => `must be null or ${example}, not all zeros, not ${found}`,
    ),
  );

/** The disk ids a range may refer to; null when the disks could not be read at all. */
export type DiskIds = ReadonlySet<string> | null;

const rangeDisk: ReadValue<string, DiskIds> = (r, v, path, diskIds) => {
  const disk = r.string(v, path, PLAN_LIMITS.diskId);
  if (disk === undefined || diskIds === null || diskIds.has(disk)) return disk;
  return r.fail(path, `refers to disk ${JSON.stringify(disk)}, which is not in "disks"`);
};

/** The targets a VM's zip adds, each once, in the order first given. */
const targets: ReadValue<NonNullable<PlanVm["targets"]>> = (r, v, path, context) => {
  const read = listOf(TARGETS.length, oneOf(TARGETS))(r, v, path, context);
  return read && [...new Set(read)];
};

/** `distinctDevices[i]`: exactly two device paths. */
const devicePair: ReadValue<[string, string]> = (r, v, path) => {
  const pair = r.array(v, path, 2);
  if (!pair) return undefined;
  if (pair.length !== 2)
    return r.fail(path, `must hold exactly 2 device paths, not ${pair.length}`);
  const a = r.string(pair[0], `${path}[0]`, PLAN_LIMITS.device);
  const b = r.string(pair[1], `${path}[1]`, PLAN_LIMITS.device);
  return a === undefined || b === undefined ? undefined : [a, b];
};

// ---------------------------------------------------------------------------------------------
// The tables, from the leaves up

const PARTITION_FIELDS: Fields<PlanPartition> = {
  number: { read: orNull(whole(0, PLAN_LIMITS.partitionNumber)) },
  label: { read: text(PLAN_LIMITS.label) },
  startByte: { read: decimal(bytes), write: decimalText },
  sizeBytes: { read: decimal(bytes), write: decimalText },
  type: { optional: true, read: text(PLAN_LIMITS.partitionType) },
  flags: {
    optional: true,
    read: listOf(PLAN_LIMITS.flagsPerPartition, text(PLAN_LIMITS.flag)),
    write: (flags) => [...flags],
  },
  exact: { optional: true, read: truth },
  mountPoint: { optional: true, read: text(PLAN_LIMITS.mountPoint) },
  isBoot: { optional: true, read: truth },
  isSystem: { optional: true, read: truth },
};

/** Every identity field is optional text; the order is PLAN_DISK_IDENTITY_FIELDS'. */
const IDENTITY_FIELDS = Object.fromEntries(
  PLAN_DISK_IDENTITY_FIELDS.map((field) => [
    field,
    { optional: true, read: text(PLAN_LIMITS.identityValue) },
  ]),
) as Fields<PlanDiskIdentity>;

const DISK_FIELDS: Fields<PlanDisk> = {
  id: {
    read: checkedText(
      PLAN_LIMITS.diskId,
      (t) => DISK_ID_PATTERN.test(t),
      (found) =>
        `must be 1 to ${PLAN_LIMITS.diskId} letters, digits, ".", "_" or "-", not ${found}`,
    ),
  },
  device: { read: text(PLAN_LIMITS.device) },
  logicalSectorSize: { read: oneOf(SECTOR_SIZES) },
  sizeBytes: {
    read: orNull(decimal(bytes)),
    write: (size) => (size === null ? null : size.toString()),
  },
  tableType: { optional: true, read: orNull(oneOf(TABLE_TYPES)) },
  exactConfirmed: { optional: true, read: truth },
  identity: {
    optional: true,
    read: object(IDENTITY_FIELDS),
    write: (identity) => writeFields(identity, IDENTITY_FIELDS),
  },
  partitions: {
    read: listOf(PLAN_LIMITS.partitionsPerDisk, object(PARTITION_FIELDS)),
    write: (partitions) => partitions.map((p) => writeFields(p, PARTITION_FIELDS)),
  },
};

const HEAD_FIELDS: Fields<PlanHead> = {
  file: { read: text(PLAN_LIMITS.headFile) },
  sectors: { read: whole(0, PLAN_LIMITS.headSectors) },
};

const RANGE_FIELDS: Fields<PlanRange, DiskIds> = {
  disk: { read: rangeDisk },
  startSector: { read: decimal(vmdkSectors), write: decimalText },
  sectors: { read: decimal(vmdkSectors), write: decimalText },
  access: { read: oneOf(ACCESS_VALUES) },
  type: { optional: true, read: oneOf(GUEST_PARTITION_TYPES) },
  partitionGuid: { optional: true, read: guestId(LOWERCASE_UUID_PATTERN, GUID_EXAMPLE) },
};

/** A VM: its settings, its guest table's settings (partitionTable … diskGuid), its ranges. */
const VM_FIELDS: Fields<PlanVm, DiskIds> = {
  name: { read: text(PLAN_LIMITS.vmName) },
  adapterType: { read: oneOf(ADAPTER_TYPES) },
  uuid: {
    read: orNull(
      checkedText(
        64,
        (t) => LOWERCASE_UUID_PATTERN.test(t),
        (found) =>
          `must be null or a lowercase UUID like "0b5a1e4c-8d3f-4f6a-9c2e-1d7b3a5e9f01", not ${found}`,
      ),
    ),
  },
  color: { optional: true, read: whole(0, PLAN_LIMITS.color) },
  head: { read: object(HEAD_FIELDS), write: (head) => writeFields(head, HEAD_FIELDS) },
  partitionTable: { optional: true, read: oneOf(PARTITION_TABLES) },
  placement: { optional: true, read: oneOf(PLACEMENTS) },
  targets: { optional: true, read: targets, write: (list) => [...list] },
  tailFile: { optional: true, read: text(PLAN_LIMITS.headFile) },
  diskSignature: {
    optional: true,
    read: guestId(SIGNATURE_PATTERN, '8 lowercase hex digits like "1a2b3c4d"'),
  },
  diskGuid: { optional: true, read: guestId(LOWERCASE_UUID_PATTERN, GUID_EXAMPLE) },
  ranges: {
    read: listOf(PLAN_LIMITS.rangesPerVm, object(RANGE_FIELDS)),
    write: (ranges) => ranges.map((x) => writeFields(x, RANGE_FIELDS)),
  },
};

/** What the plan's fields share while one document is read. */
export interface PlanReading {
  /** Set once `disks` is read: the ids the VMs' ranges may refer to. */
  diskIds: DiskIds;
}

/** The ids of the disks as listed, each once: a repeated id is an issue. */
function readDiskIds(r: Reader, rawDisks: readonly unknown[]): Set<string> {
  const diskIds = new Set<string>();
  rawDisks.forEach((d, i) => {
    const id = isObject(d) ? own(d, "id") : undefined;
    if (typeof id !== "string") return;
    if (diskIds.has(id))
      r.fail(`disks[${i}].id`, `${JSON.stringify(id)} is already the id of another disk`);
    diskIds.add(id);
  });
  return diskIds;
}

/**
 * The document itself. `format` and `version` are checked (and older versions upgraded) before
 * the fields are read (codec.ts), so here they only take the current values.
 */
export const PLAN_FIELDS: Fields<Plan, PlanReading> = {
  format: { read: () => PLAN_FORMAT },
  version: { read: () => PLAN_VERSION },
  name: { read: text(PLAN_LIMITS.planName) },
  disks: {
    read: (r, v, path, reading) => {
      const raw = r.array(v, path, PLAN_LIMITS.disks);
      // Not an array (or too long): the ranges' disk references go unchecked, since the
      // disks' own issue says why there is nothing to check them against.
      if (!raw) return undefined;
      const disks = readItems(r, raw, path, object(DISK_FIELDS), null);
      reading.diskIds = readDiskIds(r, raw);
      return disks;
    },
    write: (disks) => disks.map((d) => writeFields(d, DISK_FIELDS)),
  },
  vms: {
    read: (r, v, path, reading) =>
      listOf(PLAN_LIMITS.vms, object(VM_FIELDS))(r, v, path, reading.diskIds),
    write: (vms) => vms.map((vm) => writeFields(vm, VM_FIELDS)),
  },
  distinctDevices: {
    optional: true,
    read: listOf(PLAN_LIMITS.distinctDevices, devicePair),
    write: (pairs) => pairs.map(([a, b]) => [a, b]),
  },
};
