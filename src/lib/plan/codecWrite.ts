/** The plan's JSON text, keys in the documented order (docs/plan-format.md). */
import { PLAN_DISK_IDENTITY_FIELDS, type Plan, type PlanDiskIdentity } from "./types.ts";

/** The plan as plain JSON values, keys in the documented order, optional keys only when set. */
export function toJsonValue(plan: Plan): unknown {
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
export function identityJson(identity: PlanDiskIdentity): Record<string, string> {
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
