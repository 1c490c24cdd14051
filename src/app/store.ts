/**
 * The page's one store: what the user typed, the plan, what is selected, and undo/redo.
 *
 *   state ──► memos (listing, findings, layouts…) ──► components
 *     ▲
 *   actions (named, each one plan change = one undo step) ──► pure ops in src/lib/plan
 *
 * Plans are immutable values: every action computes a new plan with a pure operation and
 * pushes the previous one on the undo stack. Nothing here does arithmetic on sectors.
 */
import { createMemo, createSignal } from "solid-js";
import { applySectorSize, parseListing, type ListingResult } from "../lib/listing/index.ts";
import { EXAMPLE_LISTING } from "../lib/example.ts";
import { hasErrors } from "../lib/plan/findings.ts";
import {
  emptyPlan,
  type Access,
  type GuestPartitionType,
  type Plan,
  type PlanDisk,
  type PlanVm,
} from "../lib/plan/types.ts";
import * as ops from "../lib/plan/ops.ts";
import type { OpResult } from "../lib/plan/ops.ts";
import { declareDistinctDevices } from "../lib/check/deviceIdentity.ts";
import { vmdkSectors } from "../lib/units.ts";
import { createPlanCheck, type SpawnChecker } from "./planCheck.ts";
import { addListedDisks, disksAfterListingChange, removeDisk } from "../lib/plan/pickDisks.ts";

/** What is selected: a piece of a disk map, a VM's range, a VM, or a disk. */
export type Selection =
  | { kind: "segment"; disk: string; startSector: bigint }
  | { kind: "range"; vm: number; range: number }
  | { kind: "vm"; vm: number }
  | { kind: "disk"; disk: string };

export interface Status {
  kind: "error" | "note";
  text: string;
}

export interface AppState {
  listingText: string;
  /**
   * The user's answers to "512 or 4096 bytes per sector?" for disks of the listing (by index)
   * whose listing does not say; they make those disks' sectors exact bytes. Cleared when the
   * listing text changes.
   */
  sectorSizes: Readonly<Record<number, 512 | 4096>>;
  plan: Plan;
  selection: Selection | null;
  undo: readonly Plan[];
  redo: readonly Plan[];
  /** What the last action had to say (an operation's refusal or note), shown in a live region. */
  status: Status | null;
}

/** Where an assignment goes: a new VM, or an existing one by index. */
export type Target = ops.VmTarget;

const UNDO_LIMIT = 200;

/**
 * The last listing parsed, by its text: an input is parsed once (its action and the `listing`
 * memo both ask), or not at all here when it was read off the main thread and handed in.
 */
let lastParsed: { text: string; result: ListingResult } | null = null;
function parseOnce(text: string): ListingResult {
  if (lastParsed?.text !== text) lastParsed = { text, result: parseListing(text) };
  return lastParsed.result;
}

/** The parsed listing with the user's sector-size answers applied. */
function listingWithSizes(
  text: string,
  sizes: Readonly<Record<number, 512 | 4096>>,
): ListingResult | null {
  if (text.trim() === "") return null;
  let result = parseOnce(text);
  for (const [index, size] of Object.entries(sizes)) {
    result = applySectorSize(result, size, Number(index));
  }
  return result;
}

/** The store; text typed before it existed comes in `initial.listingText` (its disk is picked). */
export function createAppStore(
  initial?: Partial<AppState>,
  options: { spawnChecker?: SpawnChecker } = {},
) {
  const text = initial?.listingText ?? "";
  const startPlan =
    initial?.plan ??
    (() => {
      const p = emptyPlan();
      return { ...p, disks: disksAfterListingChange(p, text.trim() ? parseOnce(text) : null) };
    })();
  const [state, setState] = createSignal<AppState>({
    sectorSizes: {},
    selection: null,
    undo: [],
    redo: [],
    status: null,
    ...initial,
    listingText: text,
    plan: startPlan,
  });

  // ── derived ──
  const listingText = createMemo(() => state().listingText);
  const plan = createMemo(() => state().plan);
  const selection = createMemo(() => state().selection);
  const status = createMemo(() => state().status);
  const canUndo = createMemo(() => state().undo.length > 0);
  const canRedo = createMemo(() => state().redo.length > 0);
  const sectorSizes = createMemo(() => state().sectorSizes);
  const listing = createMemo<ListingResult | null>(() =>
    listingWithSizes(listingText(), sectorSizes()),
  );
  /**
   * The safety checks (in a worker for big plans: planCheck.ts). If they cannot run, that itself
   * blocks the download; so does a check still running.
   */
  const { findings, checking } = createPlanCheck(() => plan(), options.spawnChecker);
  const blocked = createMemo(() => checking() || hasErrors(findings()));

  // ── plumbing ──
  const update = (patch: Partial<AppState>) => setState((s) => ({ ...s, ...patch }));

  /** One undo step: the current plan goes on the undo stack, redo is cleared. */
  const commit = (next: Plan, extra: Partial<AppState> = {}) => {
    setState((s) =>
      next === s.plan
        ? { ...s, ...extra }
        : {
            ...s,
            ...extra,
            plan: next,
            undo: [...s.undo, s.plan].slice(-UNDO_LIMIT),
            redo: [],
          },
    );
  };

  /** Runs a plan operation; on success commits it, on refusal shows why and changes nothing. */
  const run = (op: (p: Plan) => OpResult, extra: Partial<AppState> = {}): boolean => {
    let result: OpResult;
    try {
      result = op(plan());
    } catch (e) {
      result = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    if (!result.ok) {
      update({ status: { kind: "error", text: result.error } });
      return false;
    }
    commit(result.value, {
      status: result.note ? { kind: "note", text: result.note } : null,
      ...extra,
    });
    return true;
  };

  const ok = (value: Plan): OpResult => ({ ok: true, value });

  /** The selected map segment, resolved against the current layout. */
  const selectedSegment = createMemo(() => {
    const sel = selection();
    if (sel?.kind !== "segment") return null;
    try {
      const seg = ops.diskLayout(plan(), sel.disk).find((s) => s.startSector === sel.startSector);
      return seg ? { disk: sel.disk, segment: seg } : null;
    } catch {
      return null;
    }
  });

  // ── actions ──
  const actions = {
    /**
     * The user's text is kept exactly as typed; the plan's disks follow it while no VM uses them.
     * `parsed` is `parseListing(text)` when the caller already has it (read in a worker).
     */
    setListingText(text: string, parsed?: ListingResult) {
      if (parsed) lastParsed = { text, result: parsed };
      const sizes = text === listingText() ? sectorSizes() : {};
      const result = listingWithSizes(text, sizes);
      const p = plan();
      const disks = disksAfterListingChange(p, result);
      if (disks === p.disks) update({ listingText: text, sectorSizes: sizes });
      else commit({ ...p, disks }, { listingText: text, sectorSizes: sizes, selection: null });
    },
    /** The user says how many bytes a sector has on a listed disk whose listing does not. */
    setListingSectorSize(index: number, size: 512 | 4096) {
      const sizes = { ...sectorSizes(), [index]: size };
      const result = listingWithSizes(listingText(), sizes);
      const p = plan();
      const disks = disksAfterListingChange(p, result);
      if (disks === p.disks) update({ sectorSizes: sizes });
      else commit({ ...p, disks }, { sectorSizes: sizes, selection: null });
    },
    loadExample() {
      actions.setListingText(EXAMPLE_LISTING);
    },
    /** Adds the listing's disk (by its index in the listing) to the plan. */
    addListingDisk(index: number) {
      const result = listing();
      if (!result?.ok) return;
      run((p) => addListedDisks(p, result, [index]));
    },
    removeDisk(id: string) {
      run((p) => ok(removeDisk(p, id)), { selection: null });
    },
    select(sel: Selection | null) {
      update({ selection: sel });
    },

    /** Gives the whole selected partition or gap (or reserved area) to a VM. */
    assignWhole(target: Target, access: Access = "RW") {
      const sel = selectedSegment();
      if (!sel) return;
      const { disk, segment } = sel;
      run((p0) => {
        const { plan: p, vm } = ops.resolveTarget(p0, target);
        if (segment.kind === "partition" && segment.partition !== undefined) {
          return ops.assignPartition(p, vm, disk, segment.partition, access);
        }
        if (segment.kind === "gap") {
          return ops.assignGap(
            p,
            vm,
            { disk, startSector: segment.startSector, sectors: segment.sectors },
            access,
          );
        }
        return ops.assignRange(p, vm, {
          disk,
          startSector: segment.startSector,
          sectors: segment.sectors,
          access,
        });
      });
    },

    /** Splits the selection into parts (1 MiB aligned), one per target, in order. */
    split(targets: readonly Target[]) {
      const sel = selectedSegment();
      if (!sel || targets.length < 2) return;
      const { disk, segment } = sel;
      const allNew = targets.every((t) => t === "new");
      run((p0) =>
        allNew && segment.kind === "partition" && segment.partition !== undefined
          ? ops.splitPartitionToNewVms(p0, disk, segment.partition, targets.length)
          : ops.splitToTargets(p0, disk, segment.startSector, segment.sectors, targets),
      );
    },

    /** A custom range typed by the user, in 512-byte sectors. */
    assignCustom(target: Target, disk: string, startSector: bigint, sectors: bigint) {
      return run((p0) => {
        const { plan: p, vm } = ops.resolveTarget(p0, target);
        return ops.assignRange(p, vm, {
          disk,
          startSector: vmdkSectors(startSector),
          sectors: vmdkSectors(sectors),
          access: "RW",
        });
      });
    },

    addVm() {
      const before = plan().vms.length;
      run((p) => ok(ops.addVm(p)), { selection: { kind: "vm", vm: before } });
    },
    renameVm(vm: number, name: string) {
      run((p) => ok(ops.renameVm(p, vm, name)));
    },
    removeVm(vm: number) {
      const name = plan().vms[vm]?.name ?? "";
      run((p) => ok(ops.removeVm(p, vm)), {
        selection: null,
        status: { kind: "note", text: `Removed ${name}. Undo brings it back.` },
      });
    },
    updateVm(
      vm: number,
      patch: Partial<
        Pick<PlanVm, "adapterType" | "head" | "color" | "partitionTable" | "placement" | "targets">
      >,
    ) {
      run((p) => ok(ops.updateVm(p, vm, patch)));
    },
    updateDisk(
      id: string,
      patch: Partial<Pick<PlanDisk, "device" | "sizeBytes" | "exactConfirmed">>,
    ) {
      run((p) => ok(ops.updateDisk(p, id, patch)));
    },
    /** The user's word that two device paths name different disks (docs/device-identity.md). */
    declareDistinctDevices(a: string, b: string) {
      run((p) => ({
        ok: true,
        value: declareDistinctDevices(p, a, b),
        note: `Recorded: ${a} and ${b} are different disks. Undo takes it back.`,
      }));
    },
    setRangeAccess(vm: number, range: number, access: Access) {
      run((p) => ops.updateRange(p, vm, range, { access }));
    },
    setRangeType(vm: number, range: number, type: GuestPartitionType) {
      run((p) => ops.updateRange(p, vm, range, { type }));
    },
    updateRange(vm: number, range: number, startSector: bigint, sectors: bigint) {
      return run((p) =>
        ops.updateRange(p, vm, range, {
          startSector: vmdkSectors(startSector),
          sectors: vmdkSectors(sectors),
        }),
      );
    },
    moveRange(vm: number, from: number, to: number) {
      run((p) => ok(ops.moveRange(p, vm, from, to)), {
        selection: { kind: "range", vm, range: to },
      });
    },
    removeRange(vm: number, range: number) {
      run((p) => ok(ops.removeRange(p, vm, range)), { selection: null });
    },
    setPlanName(name: string) {
      run((p) => ok({ ...p, name }));
    },
    /** The plan after a build (UUIDs filled): kept so the next download is identical. */
    adoptBuiltPlan(built: Plan) {
      update({ plan: built });
    },
    /** A VM's descriptor UUID, given once (first copy or build) and kept: not an undo step. */
    assignUuid(vm: number, uuid: string) {
      const p = plan();
      if (!p.vms[vm] || p.vms[vm].uuid !== null) return;
      update({ plan: ops.updateVm(p, vm, { uuid }) });
    },
    undo() {
      setState((s) => {
        const prev = s.undo[s.undo.length - 1];
        if (!prev) return s;
        return {
          ...s,
          plan: prev,
          undo: s.undo.slice(0, -1),
          redo: [...s.redo, s.plan],
          selection: null,
          status: { kind: "note", text: "Undone." },
        };
      });
    },
    redo() {
      setState((s) => {
        const next = s.redo[s.redo.length - 1];
        if (!next) return s;
        return {
          ...s,
          plan: next,
          redo: s.redo.slice(0, -1),
          undo: [...s.undo, s.plan],
          selection: null,
          status: { kind: "note", text: "Redone." },
        };
      });
    },
    /** The listing and the plan at once (a share link, a plan file, a restore): one undo step. */
    replace(listingText: string, next: Plan, status: Status | null = null) {
      const sectorSizes = listingText === state().listingText ? state().sectorSizes : {};
      commit(next, { listingText, sectorSizes, selection: null, status });
    },
    setStatus(status: Status | null) {
      update({ status });
    },
  };

  return {
    state,
    listingText,
    sectorSizes,
    plan,
    selection,
    selectedSegment,
    status,
    canUndo,
    canRedo,
    listing,
    findings,
    checking,
    blocked,
    actions,
  };
}

export type AppStore = ReturnType<typeof createAppStore>;
