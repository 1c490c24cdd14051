/**
 * The guest-table checks, as findings (same shape and rules as src/lib/plan/check.ts; checkPlan
 * includes them). Codes are stable; never rename one.
 *
 * | code                          | severity | when                                                            |
 * |-------------------------------|----------|-----------------------------------------------------------------|
 * | guest-head-too-small          | error    | MBR without a head, or GPT with a head under 34 sectors          |
 * | guest-mbr-too-many-partitions | error    | MBR with more than 4 ranges                                     |
 * | guest-mbr-too-large           | error    | MBR on a guest disk of more than 2^32 sectors                   |
 * | guest-gpt-too-many-partitions | error    | GPT with more than 128 ranges                                   |
 * | guest-type-not-in-mbr         | error    | MBR with a GPT-only type (Microsoft reserved, BIOS boot)         |
 * | guest-identity-head           | error    | identity placement, head larger than the first range's start    |
 * | guest-identity-order          | error    | identity placement, ranges not in increasing order / overlapping |
 * | guest-too-many-extents        | error    | padding and tail push the descriptor past 1000 extents          |
 * | guest-settings-invalid        | error    | partitionTable, placement, tailFile or a type outside its values |
 * | guest-tail-file-invalid       | error    | the GPT tail file name cannot be a file, or clashes             |
 * | guest-id-invalid              | error    | a disk signature or GUID in the plan is malformed                |
 * | guest-id-duplicate            | error    | one VM's table would hold one partition GUID twice              |
 * | guest-id-shared               | warning  | two VMs' tables share a disk signature, disk GUID or part. GUID  |
 * | guest-size-differs            | warning  | a range starts at a host partition but has another length       |
 *
 * A VM whose head or ranges are malformed gets no guest finding: checkPlan already reports it
 * (head-sectors-invalid, empty-range, unknown-disk, …).
 */
import type { Finding, FindingTarget } from "../plan/findings.ts";
import { folderKey, headFileProblem, quoteForMessage } from "../plan/names.ts";
import type { Plan, PlanVm } from "../plan/types.ts";
import { isDiskSignature } from "../guest/bytes.ts";
import { isIdentityGuid } from "../guest/guid.ts";
import { MALFORMED_CODE, guestLayout, guestSettings, type GuestProblem } from "../guest/layout.ts";

function vmLabel(plan: Plan, vm: number): string {
  const name = plan.vms[vm]?.name ?? "";
  return name === "" ? `VM ${vm + 1} (unnamed)` : `VM ${quoteForMessage(name)}`;
}

function toFinding(problem: GuestProblem, vm: number, plan: Plan): Finding {
  const target: FindingTarget = { vm };
  if (problem.range !== undefined) {
    target.range = problem.range;
    const disk = plan.vms[vm]?.ranges[problem.range]?.disk;
    if (disk !== undefined) target.disk = disk;
  }
  if (problem.field !== undefined) target.field = problem.field;
  return {
    severity: problem.severity,
    code: problem.code,
    message: problem.message,
    targets: [target],
  };
}

type IdKind = "disk signature" | "disk GUID" | "partition GUID";

interface IdUse {
  vm: number;
  range?: number;
  kind: IdKind;
}

/** Identity fields of the VM's current table, malformed ones reported. */
function collectIds(
  plan: Plan,
  vm: PlanVm,
  vmIndex: number,
  out: Finding[],
  uses: Map<string, IdUse[]>,
): void {
  const { table } = guestSettings(vm);
  const label = vmLabel(plan, vmIndex);
  const use = (key: string, id: IdUse): void => {
    const list = uses.get(key);
    if (list) list.push(id);
    else uses.set(key, [id]);
  };
  const invalid = (what: string, value: string, target: FindingTarget, form: string): void => {
    out.push({
      severity: "error",
      code: "guest-id-invalid",
      message: `${label}: its ${what} ${quoteForMessage(value)} is not ${form}; clear it to get a new one.`,
      targets: [target],
    });
  };
  if (table === "mbr" && vm.diskSignature !== null && vm.diskSignature !== undefined) {
    if (typeof vm.diskSignature === "string" && isDiskSignature(vm.diskSignature)) {
      use(`s:${vm.diskSignature}`, { vm: vmIndex, kind: "disk signature" });
    } else {
      invalid(
        "MBR disk signature",
        String(vm.diskSignature),
        { vm: vmIndex, field: "diskSignature" },
        "8 lowercase hex digits, not all zero",
      );
    }
  }
  if (table !== "gpt") return;
  const guidForm = "a lowercase GUID (8-4-4-4-12 hex digits), not all zero";
  const diskGuid = vm.diskGuid;
  if (diskGuid !== null && diskGuid !== undefined) {
    if (typeof diskGuid === "string" && isIdentityGuid(diskGuid)) {
      use(`g:${diskGuid}`, { vm: vmIndex, kind: "disk GUID" });
    } else {
      invalid("GPT disk GUID", String(diskGuid), { vm: vmIndex, field: "diskGuid" }, guidForm);
    }
  }
  vm.ranges.forEach((range, r) => {
    const guid = range.partitionGuid;
    if (guid === null || guid === undefined) return;
    if (typeof guid === "string" && isIdentityGuid(guid)) {
      use(`g:${guid}`, { vm: vmIndex, range: r, kind: "partition GUID" });
    } else {
      invalid(
        `range ${r + 1}'s partition GUID`,
        String(guid),
        { vm: vmIndex, range: r, disk: range.disk, field: "partitionGuid" },
        guidForm,
      );
    }
  });
}

function idDuplicates(plan: Plan, uses: Map<string, IdUse[]>, out: Finding[]): void {
  for (const [key, list] of uses) {
    if (list.length < 2) continue;
    const value = key.slice(2);
    const where = (u: IdUse): string =>
      `${vmLabel(plan, u.vm)}${u.range !== undefined ? ` range ${u.range + 1}` : ""} (${u.kind})`;
    const targets: FindingTarget[] = list.map((u) => {
      const t: FindingTarget = { vm: u.vm };
      if (u.range !== undefined) t.range = u.range;
      t.field =
        u.kind === "disk signature"
          ? "diskSignature"
          : u.kind === "disk GUID"
            ? "diskGuid"
            : "partitionGuid";
      return t;
    });
    const shown = list.slice(0, 4).map(where);
    if (list.length > 4) shown.push(`${list.length - 4} more`);
    const names = shown.join(", ");
    const vms = new Set(list.map((u) => u.vm));
    if (vms.size < list.length) {
      out.push({
        severity: "error",
        code: "guest-id-duplicate",
        message: `The identifier ${value} is used more than once within one guest disk: ${names}. A GPT's GUIDs must be unique. Clear the repeated ones to get new ones.`,
        targets,
      });
    } else {
      out.push({
        severity: "warning",
        code: "guest-id-shared",
        message: `The identifier ${value} is shared by ${names}. Attached to one guest, two disks with one signature or GUID clash: Windows takes one offline and may rewrite its signature. Clear all but one to get new ones (a copied VM keeps its original's).`,
        targets,
      });
    }
  }
}

/**
 * Every finding about the VMs' guest tables and placements. checkPlan includes them; the
 * UI may call it alone to show them beside the table settings.
 *
 * @example guestFindings(planWithFiveRangesAndMbr)[0].code // "guest-mbr-too-many-partitions"
 */
export function guestFindings(plan: Plan): Finding[] {
  const out: Finding[] = [];
  const uses = new Map<string, IdUse[]>();
  plan.vms.forEach((vm, vmIndex) => {
    const { table, tailFile } = guestSettings(vm);
    if (table === "none" && (vm.placement ?? "packed") === "packed") return;
    const result = guestLayout(vm, plan.disks);
    const problems = result.ok ? result.warnings : [...result.errors, ...result.warnings];
    if (problems.some((p) => p.code === MALFORMED_CODE)) return;
    for (const problem of problems) out.push(toFinding(problem, vmIndex, plan));
    if (table === "gpt" && typeof tailFile === "string") {
      const problem =
        headFileProblem(tailFile, vm.name) ??
        (vm.head.sectors > 0 && folderKey(tailFile) === folderKey(vm.head.file)
          ? "is the head file's name too"
          : null);
      if (problem) {
        out.push({
          severity: "error",
          code: "guest-tail-file-invalid",
          message: `${vmLabel(plan, vmIndex)}: the GPT tail file name ${quoteForMessage(tailFile)} ${problem}; it is written beside the descriptor and quoted in its last extent line.`,
          targets: [{ vm: vmIndex, field: "tailFile" }],
        });
      }
    }
    collectIds(plan, vm, vmIndex, out, uses);
  });
  idDuplicates(plan, uses, out);
  return out;
}
