/**
 * The base of loadPlan's readers: the format's limits, the issue type, the Reader that checks
 * one value at a time against its rule and records a PlanIssue with its JSON path, and the
 * machinery that reads and writes an object by its table of fields (the tables themselves are
 * in codecFields.ts).
 */
import type { Plan } from "./types.ts";

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
  /** Where the host mounts a partition, as the listing says (`C:`, `/home`). */
  mountPoint: 255,
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

export const GUID_EXAMPLE = 'a lowercase GUID like "5d0c2f4e-9b1a-4c3d-8e7f-6a5b4c3d2e1f"';
export const SIGNATURE_PATTERN = /^[0-9a-f]{8}$/;
export const DISK_ID_PATTERN = /^[A-Za-z0-9._-]+$/;
export const SECTOR_SIZES = [512, 4096] as const;
export const TABLE_TYPES = ["dos", "gpt"] as const;

export type Obj = Record<string, unknown>;

/** The value of an own property only: inherited keys (`constructor`, …) read as absent. */
export function own(obj: Obj, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}
export const has = (obj: Obj, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(obj, key);

export const isObject = (v: unknown): v is Obj =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export function describe(v: unknown): string {
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

export const join = (base: string, key: string): string => (base === "" ? key : `${base}.${key}`);

/** Collects issues while reading one document. */
export class Reader {
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

// ---------------------------------------------------------------------------------------------
// Objects read and written by a table of fields

/** Reads one JSON value; undefined once an issue says why it could not. */
export type ReadValue<V, C = unknown> = (
  r: Reader,
  value: unknown,
  path: string,
  context: C,
) => V | undefined;

interface FieldSpec<V, C> {
  /** The key may be absent: the object then has no such property. */
  optional?: boolean;
  read: ReadValue<V, C>;
  /** Its JSON value; the value itself (string, number, boolean, null) when left out. */
  write?: (value: V) => unknown;
}

/**
 * One field per property of `T`, in the documented key order; a property that `T` declares
 * optional must be marked `optional: true`, and only those (the type checker holds this). `C`
 * is what a reader needs from outside the object (the disk ids a range may refer to).
 */
export type Fields<T, C = unknown> = {
  [K in keyof T]-?: FieldSpec<Exclude<T[K], undefined>, C> &
    (Record<never, never> extends Pick<T, K> ? { optional: true } : { optional?: false });
};

/**
 * Reads an object by its table: only the table's keys, own properties only, every field read
 * (so every issue is said, in the table's order) before the object is built. Undefined when
 * any field could not be read.
 */
export function readFields<T, C>(
  r: Reader,
  value: unknown,
  path: string,
  fields: Fields<T, C>,
  context: C,
): T | undefined {
  const o = r.object(value, path);
  if (!o) return undefined;
  // Required properties first, then the optional ones present: an object loaded without
  // optional keys looks exactly like one built in code.
  const required: Obj = {};
  const optional: Obj = {};
  let ok = true;
  for (const key of Object.keys(fields) as (keyof T & string)[]) {
    const spec = fields[key] as FieldSpec<unknown, C>;
    if (spec.optional && !has(o, key)) continue;
    const v = spec.read(r, own(o, key), join(path, key), context);
    if (v === undefined) ok = false;
    else if (spec.optional) optional[key] = v;
    else required[key] = v;
  }
  return ok ? (Object.assign(required, optional) as T) : undefined;
}

/** The JSON form of an object: keys in the table's order, optional keys only when set. */
export function writeFields<T, C>(value: T, fields: Fields<T, C>): Obj {
  const out: Obj = {};
  for (const key of Object.keys(fields) as (keyof T & string)[]) {
    const v = value[key];
    if (v === undefined) continue;
    const spec = fields[key] as FieldSpec<unknown, C>;
    out[key] = spec.write ? spec.write(v) : v;
  }
  return out;
}
