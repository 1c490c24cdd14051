/**
 * The plan's JSON form (docs/plan-format.md): decimal strings for sector and byte counts.
 * Loading is hostile-input handling: field by field, with messages that name the field.
 *
 *   {
 *     "format": "raw-disk-planner/plan",   never changes
 *     "version": 1,                         see MIGRATIONS for how later versions load
 *     "name": "example",
 *     "disks": [{ "id": "d0", "device": "\\\\.\\PhysicalDrive0", "sizeBytes": null, … }],
 *     "vms": [{ "name": "web", "ranges": [{ "disk": "d0", "startSector": "125831168", … }] }]
 *   }
 *
 * The plan file, the share link and local storage all go through loadPlan: every value is
 * copied onto a fresh object built from known keys only (so `__proto__` and friends are never
 * copied), every problem is collected with its JSON path, and nothing throws.
 */
import {
  ACCESS_VALUES,
  ADAPTER_TYPES,
  GUEST_PARTITION_TYPES,
  PARTITION_TABLES,
  PLACEMENTS,
  TARGETS,
  type Target,
  PLAN_DISK_IDENTITY_FIELDS,
  PLAN_FORMAT,
  PLAN_VERSION,
  type Access,
  type AdapterType,
  type GuestPartitionType,
  type PartitionTable,
  type Placement,
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

export interface PlanIssue {
  /** JSON path of the field, e.g. `vms[0].ranges[1].startSector`; "" for the document itself. */
  path: string;
  message: string;
}

export type PlanLoadResult = { ok: true; plan: Plan } | { ok: false; issues: PlanIssue[] };

/** Bounds of format version 1. Loading refuses anything beyond them (docs/plan-format.md). */
export const PLAN_LIMITS = {
  /** Characters (UTF-16 code units) of JSON text loadPlan accepts. */
  textChars: 2 * 1024 * 1024,
  disks: 64,
  partitionsPerDisk: 256,
  vms: 256,
  rangesPerVm: 4096,
  flagsPerPartition: 32,
  planName: 255,
  vmName: 255,
  headFile: 255,
  device: 1024,
  diskId: 64,
  label: 255,
  partitionType: 255,
  flag: 255,
  /** A disk identity value (serial, GUID, signature, UniqueId). */
  identityValue: 255,
  /** Pairs of device paths declared different disks. */
  distinctDevices: 2048,
  /** Digits of a decimal string. */
  decimalDigits: 20,
  /** Exclusive upper bound of every byte and sector count: 2^63. */
  bigValue: 1n << 63n,
  /** Head file size in sectors (1 GiB): the zip holds it in memory. */
  headSectors: 2 * 1024 * 1024,
  partitionNumber: 2 ** 31 - 1,
  color: 255,
  /** Depth of nested objects and arrays: a plan has 6; deeper text is refused unparsed. */
  nesting: 32,
} as const;

/**
 * Where JSON text first nests deeper than `limit` (objects and arrays, outside strings), or
 * null. One linear pass, so a deeply nested hostile input is refused before JSON.parse spends
 * time and stack on it.
 */
export function nestingDepthOver(text: string, limit: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return i;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return null;
}

/**
 * Upgrades from older format versions: MIGRATIONS[n] turns a parsed version-n document into
 * a version-(n + 1) one. Version 1 is the first, so there are none yet. When version 2 comes,
 * add MIGRATIONS[1], bump PLAN_VERSION, and keep every old entry forever.
 */
export const MIGRATIONS: Readonly<
  Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>
> = {};

/**
 * Brings a parsed document of version `from` up to `target` through `table` (MIGRATIONS by
 * default), one version at a time.
 *
 * @example migrateDocument({ version: 1 }, 1) // { ok: true, doc: { version: 1 } } (nothing to do yet)
 */
export function migrateDocument(
  doc: Record<string, unknown>,
  from: number,
  table: Readonly<
    Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>
  > = MIGRATIONS,
  target: number = PLAN_VERSION,
): { ok: true; doc: Record<string, unknown> } | { ok: false; issue: PlanIssue } {
  let current = doc;
  for (let v = from; v < target; v++) {
    const step = Object.prototype.hasOwnProperty.call(table, v) ? table[v] : undefined;
    if (!step) {
      return {
        ok: false,
        issue: {
          path: "version",
          message: `is ${from}, which this version of Raw Disk Planner cannot upgrade (no migration from version ${v})`,
        },
      };
    }
    current = step(current);
  }
  return { ok: true, doc: current };
}

const GUID_EXAMPLE = 'a lowercase GUID like "5d0c2f4e-9b1a-4c3d-8e7f-6a5b4c3d2e1f"';
const SIGNATURE_PATTERN = /^[0-9a-f]{8}$/;
const DISK_ID_PATTERN = /^[A-Za-z0-9._-]+$/;
const SECTOR_SIZES = [512, 4096] as const;
const TABLE_TYPES = ["dos", "gpt"] as const;

type Obj = Record<string, unknown>;

/** The value of an own property only: inherited keys (`constructor`, …) read as absent. */
function own(obj: Obj, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}
const has = (obj: Obj, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);

const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") {
    const shown = v.length > 40 ? `${v.slice(0, 40)}…` : v;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof v === "number") return `the number ${v}`;
  if (typeof v === "boolean") return String(v);
  if (typeof v === "object") return "an object";
  return typeof v;
}

const join = (base: string, key: string): string => (base === "" ? key : `${base}.${key}`);

/** Collects issues while reading one document. */
class Reader {
  readonly issues: PlanIssue[] = [];

  fail(path: string, message: string): undefined {
    this.issues.push({ path, message });
    return undefined;
  }

  object(v: unknown, path: string): Obj | undefined {
    if (isObject(v)) return v;
    return this.fail(path, `must be an object, not ${v === undefined ? "missing" : describe(v)}`);
  }

  array(v: unknown, path: string, max: number): unknown[] | undefined {
    if (!Array.isArray(v)) {
      return this.fail(
        path,
        v === undefined
          ? "is missing (an array is required)"
          : `must be an array, not ${describe(v)}`,
      );
    }
    if (v.length > max) return this.fail(path, `has ${v.length} items; at most ${max} are allowed`);
    return v;
  }

  string(v: unknown, path: string, max: number): string | undefined {
    if (typeof v !== "string") {
      return this.fail(
        path,
        v === undefined
          ? "is missing (a string is required)"
          : `must be a string, not ${describe(v)}`,
      );
    }
    if (v.length > max)
      return this.fail(path, `is ${v.length} characters long; at most ${max} are allowed`);
    return v;
  }

  boolean(v: unknown, path: string): boolean | undefined {
    if (typeof v === "boolean") return v;
    return this.fail(
      path,
      `must be true or false, not ${v === undefined ? "missing" : describe(v)}`,
    );
  }

  integer(v: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof v !== "number" || !Number.isInteger(v)) {
      return this.fail(
        path,
        v === undefined
          ? "is missing (a whole number is required)"
          : `must be a whole number, not ${describe(v)}`,
      );
    }
    if (v < min || v > max) return this.fail(path, `must be between ${min} and ${max}, not ${v}`);
    return v;
  }

  /** A non-negative integer written as a decimal string ("125831168"), below 2^63. */
  big(v: unknown, path: string): bigint | undefined {
    if (typeof v === "number") {
      return this.fail(
        path,
        `must be a decimal string such as "${Number.isSafeInteger(v) && v >= 0 ? v : 2048}", not a JSON number (JSON numbers lose precision past 2^53)`,
      );
    }
    if (typeof v !== "string") {
      return this.fail(
        path,
        v === undefined
          ? "is missing (a decimal string is required)"
          : `must be a decimal string, not ${describe(v)}`,
      );
    }
    if (v.length === 0 || !/^[0-9]+$/.test(v)) {
      return this.fail(
        path,
        `must be digits only (no sign, spaces, separators or exponent), not ${describe(v)}`,
      );
    }
    if (v.length > PLAN_LIMITS.decimalDigits) {
      return this.fail(
        path,
        `has ${v.length} digits; at most ${PLAN_LIMITS.decimalDigits} are allowed`,
      );
    }
    const n = BigInt(v);
    if (n >= PLAN_LIMITS.bigValue)
      return this.fail(path, `must be less than 2^63 (9223372036854775808), not ${v}`);
    return n;
  }

  /**
   * An optional identity field of a guest table: absent (undefined, `ok`), null (not assigned
   * yet), or text matching `pattern` and not all zeros.
   */
  identity(
    o: Obj,
    key: string,
    path: string,
    pattern: RegExp,
    example: string,
  ): { ok: boolean; value?: string | null } {
    if (!has(o, key)) return { ok: true };
    const raw = own(o, key);
    if (raw === null) return { ok: true, value: null };
    const fieldPath = join(path, key);
    const text = this.string(raw, fieldPath, 36);
    if (text === undefined) return { ok: false };
    if (!pattern.test(text) || /^[0-]+$/.test(text)) {
      this.fail(fieldPath, `must be null or ${example}, not all zeros, not ${describe(text)}`);
      return { ok: false };
    }
    return { ok: true, value: text };
  }

  /** An optional enumerated field: absent is fine. */
  optionalOneOf<T extends string>(
    o: Obj,
    key: string,
    path: string,
    allowed: readonly T[],
  ): { ok: boolean; value?: T } {
    if (!has(o, key)) return { ok: true };
    const value = this.oneOf(own(o, key), join(path, key), allowed);
    return value === undefined ? { ok: false } : { ok: true, value };
  }

  oneOf<T extends string | number>(v: unknown, path: string, allowed: readonly T[]): T | undefined {
    const found = allowed.find((a) => a === v);
    if (found !== undefined) return found;
    const list = allowed.map((a) => JSON.stringify(a)).join(", ");
    return this.fail(
      path,
      `must be one of ${list}, not ${v === undefined ? "missing" : describe(v)}`,
    );
  }
}

function readPartition(r: Reader, v: unknown, path: string): PlanPartition | undefined {
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

function readDisk(r: Reader, v: unknown, path: string): PlanDisk | undefined {
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

function readDiskIdentity(r: Reader, v: unknown, path: string): PlanDiskIdentity | undefined {
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
function readDistinctDevices(
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

function readHead(r: Reader, v: unknown, path: string): PlanHead | undefined {
  const o = r.object(v, path);
  if (!o) return undefined;
  const file = r.string(own(o, "file"), join(path, "file"), PLAN_LIMITS.headFile);
  const sectors = r.integer(own(o, "sectors"), join(path, "sectors"), 0, PLAN_LIMITS.headSectors);
  if (file === undefined || sectors === undefined) return undefined;
  return { file, sectors };
}

function readRange(
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

function readVm(
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

/**
 * A JSON.parse error as an issue with line and column: V8 says "at position 12", Firefox
 * "at line 1 column 13"; engines that give no position get the message alone.
 *
 * @example jsonErrorIssue("{,}", new SyntaxError("Unexpected token ',' in JSON at position 1"))
 * // { path: "", message: "The plan is not valid JSON at line 1, column 2 (character 2): Unexpected token ','." }
 */
export function jsonErrorIssue(text: string, error: unknown): PlanIssue {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(raw);
  let where = "";
  if (position?.[1] !== undefined) {
    const at = Math.min(Number(position[1]), text.length);
    const before = text.slice(0, at);
    const line = before.split("\n").length;
    const column = at - before.lastIndexOf("\n");
    where = ` at line ${line}, column ${column} (character ${at + 1})`;
  } else {
    const lc = /line (\d+) column (\d+)/.exec(raw);
    if (lc) where = ` at line ${lc[1]}, column ${lc[2]}`;
  }
  const reason = raw
    .replace(/\s*(in JSON )?at position \d+.*$/s, "")
    .replace(/\s*at line \d+ column \d+.*$/s, "")
    .replace(/^JSON\.parse: /, "");
  return { path: "", message: `The plan is not valid JSON${where}: ${reason}.` };
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Paths of `__proto__`, `constructor` and `prototype` keys anywhere in a parsed document. */
function forbiddenKeys(value: unknown, path: string, depth: number, out: PlanIssue[]): PlanIssue[] {
  if (
    depth > PLAN_LIMITS.nesting ||
    out.length >= 20 ||
    typeof value !== "object" ||
    value === null
  ) {
    return out;
  }
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    items.forEach((item, i) => forbiddenKeys(item, `${path}[${i}]`, depth + 1, out));
    return out;
  }
  for (const key of Object.keys(value)) {
    const at = path === "" ? key : `${path}.${key}`;
    if (FORBIDDEN_KEYS.has(key)) {
      out.push({
        path: at,
        message: "is not allowed: no plan has this key, so this one was crafted",
      });
    } else {
      forbiddenKeys((value as Record<string, unknown>)[key], at, depth + 1, out);
    }
  }
  return out;
}

function readPlan(value: unknown): PlanLoadResult {
  const r = new Reader();
  const root = r.object(value, "");
  if (!root) return { ok: false, issues: r.issues };

  const format = own(root, "format");
  if (format !== PLAN_FORMAT) {
    const message =
      format === undefined
        ? `is missing: this is not a Raw Disk Planner plan (expected "format": "${PLAN_FORMAT}")`
        : `must be "${PLAN_FORMAT}", not ${describe(format)}: this is not a Raw Disk Planner plan`;
    return { ok: false, issues: [{ path: "format", message }] };
  }
  let doc: Obj = root;
  const version = own(doc, "version");
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      issues: [
        {
          path: "version",
          message: `must be a whole number from 1 up, not ${version === undefined ? "missing" : describe(version)}`,
        },
      ],
    };
  }
  if (version > PLAN_VERSION) {
    return {
      ok: false,
      issues: [
        {
          path: "version",
          message: `is ${version}: this plan was made by a newer version of Raw Disk Planner (this one reads version ${PLAN_VERSION}). Open it with the newer version.`,
        },
      ],
    };
  }
  const migrated = migrateDocument(doc, version);
  if (!migrated.ok) return { ok: false, issues: [migrated.issue] };
  doc = migrated.doc;

  // Known keys are read one by one, so these could never reach a plan; but no plan this app
  // writes has them, so a document that does was crafted, and the user should hear so.
  const forbidden = forbiddenKeys(doc, "", 0, []);
  if (forbidden.length > 0) return { ok: false, issues: forbidden };

  const name = r.string(own(doc, "name"), "name", PLAN_LIMITS.planName);
  const rawDisks = r.array(own(doc, "disks"), "disks", PLAN_LIMITS.disks);
  const disks = rawDisks?.map((d, i) => readDisk(r, d, `disks[${i}]`));

  // Ranges are checked against the disk ids that were read; when the disks could not be read
  // at all, that check is skipped (the disks' own issues say why).
  let diskIds: Set<string> | null = null;
  if (rawDisks) {
    diskIds = new Set();
    rawDisks.forEach((d, i) => {
      const id = isObject(d) ? own(d, "id") : undefined;
      if (typeof id !== "string") return;
      if (diskIds?.has(id))
        r.fail(`disks[${i}].id`, `${JSON.stringify(id)} is already the id of another disk`);
      diskIds?.add(id);
    });
  }
  const rawVms = r.array(own(doc, "vms"), "vms", PLAN_LIMITS.vms);
  const vms = rawVms?.map((x, i) => readVm(r, x, `vms[${i}]`, diskIds));
  const distinct = readDistinctDevices(r, doc);

  if (
    r.issues.length > 0 ||
    name === undefined ||
    disks === undefined ||
    vms === undefined ||
    !disks.every((d) => d !== undefined) ||
    !vms.every((x) => x !== undefined)
  ) {
    return { ok: false, issues: r.issues };
  }
  const plan: Plan = { format: PLAN_FORMAT, version: PLAN_VERSION, name, disks, vms };
  if (distinct.value !== undefined) plan.distinctDevices = distinct.value;
  return { ok: true, plan };
}

/**
 * Parses and validates plan JSON text (or an already parsed value). Never throws: every
 * problem comes back as an issue naming its JSON path.
 *
 * @example loadPlan('{"format":"raw-disk-planner/plan","version":2}')
 * // { ok: false, issues: [{ path: "version", message: "is 2: this plan was made by a newer version of Raw Disk Planner …" }] }
 */
export function loadPlan(input: string | unknown): PlanLoadResult {
  try {
    let value: unknown = input;
    if (typeof input === "string") {
      if (input.length > PLAN_LIMITS.textChars) {
        return {
          ok: false,
          issues: [
            {
              path: "",
              message: `The plan is ${input.length} characters long; at most ${PLAN_LIMITS.textChars} (2 MiB) are accepted.`,
            },
          ],
        };
      }
      const depth = nestingDepthOver(input, PLAN_LIMITS.nesting);
      if (depth !== null) {
        return {
          ok: false,
          issues: [
            {
              path: "",
              message: `The plan nests objects or arrays more than ${PLAN_LIMITS.nesting} deep (at character ${depth + 1}); a plan never nests more than 6.`,
            },
          ],
        };
      }
      try {
        value = JSON.parse(input);
      } catch (e) {
        return { ok: false, issues: [jsonErrorIssue(input, e)] };
      }
    }
    return readPlan(value);
  } catch (e) {
    // A getter or proxy in a parsed value may throw; so may a bug here. Never the caller's problem.
    return {
      ok: false,
      issues: [
        {
          path: "",
          message: `The plan could not be read: ${e instanceof Error ? e.message : String(e)}.`,
        },
      ],
    };
  }
}

/** The plan as plain JSON values, keys in the documented order, optional keys only when set. */
function toJsonValue(plan: Plan): unknown {
  return {
    format: plan.format,
    version: plan.version,
    name: plan.name,
    disks: plan.disks.map((d) => ({
      id: d.id,
      device: d.device,
      logicalSectorSize: d.logicalSectorSize,
      sizeBytes: d.sizeBytes === null ? null : d.sizeBytes.toString(),
      ...(d.tableType !== undefined ? { tableType: d.tableType } : {}),
      ...(d.exactConfirmed !== undefined ? { exactConfirmed: d.exactConfirmed } : {}),
      ...(d.identity !== undefined ? { identity: identityJson(d.identity) } : {}),
      partitions: d.partitions.map((p) => ({
        number: p.number,
        label: p.label,
        startByte: p.startByte.toString(),
        sizeBytes: p.sizeBytes.toString(),
        ...(p.type !== undefined ? { type: p.type } : {}),
        ...(p.flags !== undefined ? { flags: [...p.flags] } : {}),
        ...(p.exact !== undefined ? { exact: p.exact } : {}),
      })),
    })),
    vms: plan.vms.map((v) => ({
      name: v.name,
      adapterType: v.adapterType,
      uuid: v.uuid,
      ...(v.color !== undefined ? { color: v.color } : {}),
      head: { file: v.head.file, sectors: v.head.sectors },
      ...(v.partitionTable !== undefined ? { partitionTable: v.partitionTable } : {}),
      ...(v.placement !== undefined ? { placement: v.placement } : {}),
      ...(v.targets !== undefined ? { targets: [...v.targets] } : {}),
      ...(v.tailFile !== undefined ? { tailFile: v.tailFile } : {}),
      ...(v.diskSignature !== undefined ? { diskSignature: v.diskSignature } : {}),
      ...(v.diskGuid !== undefined ? { diskGuid: v.diskGuid } : {}),
      ranges: v.ranges.map((x) => ({
        disk: x.disk,
        startSector: x.startSector.toString(),
        sectors: x.sectors.toString(),
        access: x.access,
        ...(x.type !== undefined ? { type: x.type } : {}),
        ...(x.partitionGuid !== undefined ? { partitionGuid: x.partitionGuid } : {}),
      })),
    })),
    ...(plan.distinctDevices !== undefined
      ? { distinctDevices: plan.distinctDevices.map(([a, b]) => [a, b]) }
      : {}),
  };
}

/** Identity fields in their documented order, only those set. */
function identityJson(identity: PlanDiskIdentity): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of PLAN_DISK_IDENTITY_FIELDS) {
    const value = identity[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/**
 * The canonical JSON text of a plan (2-space indent, trailing newline, stable key order,
 * bigints as decimal strings): the same plan always gives the same bytes.
 *
 * @example planToJson(emptyPlan("x"))
 * // '{\n  "format": "raw-disk-planner/plan",\n  "version": 1,\n  "name": "x",\n  "disks": [],\n  "vms": []\n}\n'
 */
export function planToJson(plan: Plan): string {
  return `${JSON.stringify(toJsonValue(plan), null, 2)}\n`;
}
