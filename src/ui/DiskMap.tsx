import { createMemo, For, Index, Show } from "solid-js";
import type { AppStore } from "../app/store.ts";
import type { DiskSegment } from "../lib/plan/ops.ts";
import type { Plan, PlanDisk } from "../lib/plan/types.ts";
import type { Finding } from "../lib/plan/findings.ts";
import { drawnBands, ownerBandIndex, ratio, type OwnerBand } from "../lib/plan/bands.ts";
import { mapPieces } from "../lib/plan/mapPieces.ts";
import { colorIndex, swatch } from "../app/palette.ts";
import {
  partitionTypeText,
  segmentDescription,
  segmentId,
  segmentLongName,
  segmentShortName,
} from "./segments.ts";
import { sectorsHuman } from "./format.ts";

interface Props {
  disk: PlanDisk;
  /** The plan as this disk sees it (DiskPanel's: unchanged by edits elsewhere). */
  plan: Plan;
  segments: readonly DiskSegment[];
  store: AppStore;
  /** The findings about a stretch of this disk (an index built once per plan and findings). */
  findingsAt: (
    startSector: bigint,
    sectors: bigint,
    partition?: number | readonly number[],
  ) => Finding[];
  /** Where Enter on a segment sends the focus (the assign panel). */
  onActivate: () => void;
}

/** A top-level piece of the bar and the pieces nested in it (logical partitions). */
interface Column {
  index: number;
  children: number[];
}

const MIN_GROW = 0.001;

/** The worst severity among a piece's findings, or null. */
const severityOf = (findings: readonly Finding[]) =>
  findings.some((f) => f.severity === "error") ? "error" : findings.length > 0 ? "warning" : null;

/**
 * The disk as a partition editor draws it: one proportional bar; logical partitions sit in a
 * second row under their extended partition. Each piece is an option of one listbox (one Tab
 * stop; arrows, Home and End move the selection in disk order; Enter goes to the actions).
 * Owners show as coloured, striped, lettered bands inside the piece.
 */
export function DiskMap(props: Props) {
  const total = createMemo(() =>
    props.segments.reduce((n, s) => ((s.depth ?? 0) === 0 ? n + s.sectors : n), 0n),
  );
  const columns = createMemo<Column[]>(() => {
    const cols: Column[] = [];
    props.segments.forEach((s, i) => {
      const last = cols[cols.length - 1];
      if ((s.depth ?? 0) > 0 && last) last.children.push(i);
      else cols.push({ index: i, children: [] });
    });
    return cols;
  });
  const nested = () => columns().some((c) => c.children.length > 0);
  const selectedIndex = createMemo(() => {
    const sel = props.store.selection();
    if (sel?.kind !== "segment" || sel.disk !== props.disk.id) return -1;
    return props.segments.findIndex((s) => s.startSector === sel.startSector);
  });
  /** What is drawn: whole columns, runs of them beyond MAX_MAP_PIECES (docs/big-plans.md). */
  const pieces = createMemo(() => {
    const cols = columns();
    const sel = selectedIndex();
    const keep =
      sel < 0 ? null : cols.findIndex((c) => c.index === sel || c.children.includes(sel));
    return mapPieces(
      cols.map((c) => props.segments[c.index]?.sectors ?? 0n),
      keep === null || keep < 0 ? null : keep,
    );
  });
  /** A piece's columns as one stretch of the disk (to the furthest end), and their segments. */
  const stretchOf = (first: number, last: number) => {
    const cols = columns();
    const from = cols[first]?.index;
    const to = cols[last + 1]?.index ?? props.segments.length;
    const start = from === undefined ? undefined : props.segments[from]?.startSector;
    if (from === undefined || start === undefined || to <= from) return null;
    let end: bigint = start;
    for (let c = first; c <= last; c++) {
      const s = props.segments[cols[c]?.index ?? -1];
      if (s && s.startSector + s.sectors > end) end = s.startSector + s.sectors;
    }
    return {
      startSector: start,
      sectors: end - start,
      indexes: Array.from({ length: to - from }, (_, k) => from + k),
    };
  };
  const bandsAt = createMemo(() => ownerBandIndex(props.plan, props.disk.id));
  const template = () =>
    pieces()
      .map((piece) => {
        const st = stretchOf(piece.first, piece.last);
        const grow = st ? ratio(st.sectors, total()) * 1000 : 0;
        return `minmax(2.25rem, ${Math.max(grow, MIN_GROW)}fr)`;
      })
      .join(" ");
  let listbox: HTMLDivElement | undefined;

  const selectAt = (i: number, focus: boolean) => {
    const seg = props.segments[i];
    if (!seg) return;
    props.store.actions.select({
      kind: "segment",
      disk: props.disk.id,
      startSector: seg.startSector,
    });
    if (focus) {
      listbox?.querySelector<HTMLElement>(`#${CSS.escape(segmentId(props.disk.id, seg))}`)?.focus();
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const n = props.segments.length;
    const current = selectedIndex();
    let next: number | null = null;
    if (e.key === "ArrowRight" || e.key === "ArrowDown") next = Math.min(n - 1, current + 1);
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") next = Math.max(0, current - 1);
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = n - 1;
    else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      if (current < 0) selectAt(0, true);
      else if (e.key === "Enter") props.onActivate();
      return;
    }
    if (next === null) return;
    e.preventDefault();
    selectAt(next, true);
  };

  const Piece = (p: { index: number; row: 1 | 2; column: number; grow?: number }) => {
    const seg = () => props.segments[p.index];
    const selected = () => selectedIndex() === p.index;
    const findings = createMemo(() => {
      const s = seg();
      return s ? props.findingsAt(s.startSector, s.sectors, s.partition) : [];
    });
    const severity = () => severityOf(findings());
    const bands = createMemo(() => {
      const s = seg();
      return s ? drawnBands(bandsAt()(s.startSector, s.sectors)) : [];
    });
    const typeText = () => partitionTypeText(props.disk, props.segments, p.index);
    const name = () => {
      const s = seg();
      if (!s) return "";
      const owners = s.owners.map((i) => props.plan.vms[i]?.name ?? `VM ${i + 1}`);
      const n = findings().length;
      return (
        segmentDescription(props.disk, s) +
        (s.kind === "gap" && typeText() ? `, ${typeText()}` : "") +
        (s.openEnded ? " or more (the disk's end is unknown)" : "") +
        (owners.length ? `; used by ${owners.join(", ")}` : "; not used") +
        (n ? `; ${n} ${n === 1 ? "problem" : "problems"}` : "")
      );
    };
    return (
      <Show when={seg()}>
        {(s) => (
          <div
            id={segmentId(props.disk.id, s())}
            role="option"
            class={`seg seg-${s().kind}`}
            classList={{
              selected: selected(),
              "has-error": severity() === "error",
              "has-warning": severity() === "warning",
              "open-ended": s().openEnded === true,
            }}
            style={
              p.row === 1
                ? { "grid-row": "1", "grid-column": String(p.column) }
                : { "flex-grow": String(p.grow ?? 1) }
            }
            aria-selected={selected()}
            aria-label={name()}
            title={name()}
            tabindex={selected() || (selectedIndex() < 0 && p.index === 0) ? 0 : -1}
            onClick={() => selectAt(p.index, true)}
            onFocus={() => {
              // Selection follows focus: tabbing into the map selects the piece it lands on.
              if (selectedIndex() < 0) selectAt(p.index, false);
            }}
          >
            <span class="seg-label" aria-hidden="true">
              <span class="seg-name">
                {severity() === "error" ? "✖ " : severity() === "warning" ? "⚠ " : ""}
                {segmentShortName(props.disk, s())}
              </span>
              <span class="seg-size">{sectorsHuman(s().sectors)}</span>
              <Show when={typeText()}>
                <span class="seg-type">{typeText()}</span>
              </Show>
            </span>
            <Bands bands={bands()} />
          </div>
        )}
      </Show>
    );
  };

  /** Owners as coloured, lettered bands across a piece. */
  const Bands = (p: { bands: OwnerBand[] }) => (
    <span class="seg-owners" aria-hidden="true">
      <For each={p.bands}>
        {(b) => {
          const vm = () => props.plan.vms[b.vm];
          return (
            <span
              class={`band vm-c${colorIndex(vm()?.color, b.vm)}`}
              style={{
                left: `${b.offset * 100}%`,
                width: `${b.fraction * 100}%`,
                top: `${(b.lane / b.lanes) * 100}%`,
                height: `${100 / b.lanes}%`,
              }}
            >
              <span class="band-letter">{swatch(vm()?.color, b.vm).letter}</span>
              <span class="band-name">{vm()?.name}</span>
            </span>
          );
        }}
      </For>
    </span>
  );

  /**
   * Neighbouring columns drawn as one piece (a disk of hundreds of partitions). Selecting it
   * selects its first segment, which is then drawn alone; the arrow keys step on from there.
   */
  const Run = (p: { first: number; last: number; column: number }) => {
    const stretch = createMemo(() => stretchOf(p.first, p.last));
    const segs = () =>
      (stretch()?.indexes ?? []).flatMap((i) => {
        const s = props.segments[i];
        return s ? [s] : [];
      });
    // The run's segments tile its stretch: what overlaps one of them overlaps the stretch.
    const findings = createMemo(() => {
      const st = stretch();
      if (!st) return [];
      const partitions = segs().flatMap((s) => (s.partition === undefined ? [] : [s.partition]));
      return props.findingsAt(st.startSector, st.sectors, partitions);
    });
    const severity = () => severityOf(findings());
    const bands = createMemo(() => {
      const st = stretch();
      return st ? drawnBands(bandsAt()(st.startSector, st.sectors)) : [];
    });
    const firstIndex = () => stretch()?.indexes[0] ?? 0;
    const name = () => {
      const st = stretch();
      const all = segs();
      const a = all[0];
      const b = all[all.length - 1];
      if (!st || !a || !b) return "";
      const owners = [...new Set(all.flatMap((s) => s.owners))].map(
        (i) => props.plan.vms[i]?.name ?? `VM ${i + 1}`,
      );
      const n = findings().length;
      return (
        `${all.length} pieces drawn as one, ${segmentLongName(props.disk, a)} to ` +
        `${segmentLongName(props.disk, b)}: start ${st.startSector}, ${st.sectors} sectors ` +
        `(${sectorsHuman(st.sectors)})` +
        (owners.length
          ? `; used by ${owners.slice(0, 5).join(", ")}${owners.length > 5 ? ` and ${owners.length - 5} more` : ""}`
          : "; not used") +
        (n ? `; ${n} ${n === 1 ? "problem" : "problems"}` : "") +
        ". Selecting it selects the first; the arrow keys step through the rest."
      );
    };
    const shortName = () => {
      const all = segs();
      const a = all[0];
      const b = all[all.length - 1];
      return a && b ? `${segmentShortName(props.disk, a)}–${segmentShortName(props.disk, b)}` : "";
    };
    return (
      <div
        role="option"
        class="seg seg-run"
        classList={{
          "has-error": severity() === "error",
          "has-warning": severity() === "warning",
        }}
        style={{ "grid-row": "1", "grid-column": String(p.column) }}
        aria-selected={false}
        aria-label={name()}
        title={name()}
        tabindex={selectedIndex() < 0 && firstIndex() === 0 ? 0 : -1}
        onClick={() => selectAt(firstIndex(), true)}
        onFocus={() => {
          if (selectedIndex() < 0) selectAt(firstIndex(), true);
        }}
      >
        <span class="seg-label" aria-hidden="true">
          <span class="seg-name">
            {severity() === "error" ? "✖ " : severity() === "warning" ? "⚠ " : ""}
            {shortName()}
          </span>
          <span class="seg-size">{sectorsHuman(stretch()?.sectors ?? 0n)}</span>
          <span class="seg-type">{segs().length} pieces</span>
        </span>
        <Bands bands={bands()} />
      </div>
    );
  };

  /** The row under an extended partition: its logical partitions, and the space between them. */
  const Children = (p: { column: number; parent: number; children: number[] }) => {
    const pieces = createMemo(() => {
      const parent = props.segments[p.parent];
      if (!parent) return [];
      const out: { index: number | null; grow: number }[] = [];
      let at: bigint = parent.startSector;
      for (const i of p.children) {
        const c = props.segments[i];
        if (!c) continue;
        if (c.startSector > at) {
          out.push({ index: null, grow: ratio(c.startSector - at, parent.sectors) * 1000 });
        }
        out.push({ index: i, grow: Math.max(ratio(c.sectors, parent.sectors) * 1000, MIN_GROW) });
        const end = c.startSector + c.sectors;
        if (end > at) at = end;
      }
      const parentEnd = parent.startSector + parent.sectors;
      if (parentEnd > at)
        out.push({ index: null, grow: ratio(parentEnd - at, parent.sectors) * 1000 });
      return out;
    });
    return (
      <div class="seg-children" style={{ "grid-row": "2", "grid-column": String(p.column) }}>
        <Index each={pieces()}>
          {(piece) => (
            <Show
              when={piece().index !== null}
              fallback={
                <span
                  class="seg-filler"
                  aria-hidden="true"
                  style={{ "flex-grow": String(piece().grow) }}
                />
              }
            >
              <Piece index={piece().index ?? 0} row={2} column={p.column} grow={piece().grow} />
            </Show>
          )}
        </Index>
      </div>
    );
  };

  return (
    <div class="disk-map-wrap">
      <div
        ref={listbox}
        class="disk-map"
        classList={{ nested: nested() }}
        style={{ "grid-template-columns": template() }}
        role="listbox"
        aria-orientation="horizontal"
        aria-label={`Map of ${props.disk.device || "the disk"}: ${total()} sectors (${sectorsHuman(total())})`}
        onKeyDown={onKeyDown}
      >
        <Index each={pieces()}>
          {(piece, k) => {
            const col = () => columns()[piece().first];
            return (
              <Show
                when={piece().first === piece().last}
                fallback={<Run first={piece().first} last={piece().last} column={k + 1} />}
              >
                <Piece index={col()?.index ?? 0} row={1} column={k + 1} />
                <Show when={(col()?.children.length ?? 0) > 0}>
                  <Children
                    column={k + 1}
                    parent={col()?.index ?? 0}
                    children={col()?.children ?? []}
                  />
                </Show>
              </Show>
            );
          }}
        </Index>
      </div>
      <Show when={props.segments.length === 0}>
        <p class="empty">This disk has no partitions to draw yet.</p>
      </Show>
    </div>
  );
}
