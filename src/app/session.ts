/**
 * The plan's life outside the page: autosave, share links, plan files, descriptor import and
 * offline updates. Everything that comes in (storage, a link, a file) is hostile until the
 * engine's loaders have validated it; nothing here throws at the page.
 *
 *   store ──(debounced)──► localStorage[STORAGE_KEY]            reload: back into the store
 *   link / file / restore ──► replaces the plan; what it replaced ──► SET_ASIDE_KEY
 *   "Copy share link" ──► #plan=1.… in the address bar (the fragment never reaches a server)
 */
import { createEffect, createMemo, createSignal, on, onCleanup } from "solid-js";
import { createAppStore } from "./store.ts";
import {
  decodeState,
  encodeState,
  SET_ASIDE_KEY,
  STORAGE_KEY,
  type SavedState,
} from "../lib/state/stored.ts";
import {
  decodeShareFragment,
  encodeShareFragment,
  isShareFragment,
  MAX_FRAGMENT_CHARS,
} from "../lib/share/link.ts";
import { withIdentities } from "../lib/share/identities.ts";
import { loadPlan, planToJson, type PlanIssue } from "../lib/plan/codec.ts";
import type { Plan } from "../lib/plan/types.ts";
import {
  MAX_DESCRIPTOR_BYTES,
  readDescriptor,
  type ReadDescriptor,
  type ReadExtent,
} from "../lib/vmdk/reader.ts";
import { importDescriptor, type DeviceAnswers, type DeviceQuestion } from "../lib/vmdk/import.ts";
import { copyText, randomUuid } from "./clipboard.ts";
import { registerOffline } from "./offline.ts";
import { saveFile } from "./saveFile.ts";
import { looksLikeZip } from "../lib/zip/magic.ts";

export interface Notice {
  id: number;
  /** One notice per topic: a newer one replaces it. */
  topic: string;
  kind: "error" | "note";
  text: string;
  /** Listed under the text: issues with their JSON paths, reader errors with line numbers. */
  details: string[];
  action: { label: string; run: () => void } | null;
}

export interface ShareLink {
  url: string;
  /** The plan the link carries (to tell when the plan has moved on). */
  json: string;
  copied: boolean;
}

export interface ImportedDescriptor {
  fileName: string;
  vmName: string;
  uuid: string | null;
  extents: ReadExtent[];
  notes: string[];
}

/** An import waiting for the user to say which listed disk each path is. */
export interface PendingDeviceQuestions {
  fileName: string;
  descriptor: ReadDescriptor;
  questions: DeviceQuestion[];
  answers: DeviceAnswers;
}

const AUTOSAVE_MS = 400;
const MAX_DETAILS = 30;
/** A plan file or zip bigger than this is not one the app made. */
const MAX_PLAN_FILE_BYTES = 32 * 1024 * 1024;

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** localStorage, or why it cannot be used (disabled, blocked, full): never an exception. */
const storage = {
  read(key: string): { ok: true; value: string | null } | { ok: false; error: string } {
    try {
      return { ok: true, value: window.localStorage.getItem(key) };
    } catch (e) {
      return { ok: false, error: describe(e) };
    }
  },
  write(key: string, value: string): string | null {
    try {
      window.localStorage.setItem(key, value);
      return null;
    } catch (e) {
      return describe(e);
    }
  },
  remove(key: string): void {
    try {
      window.localStorage.removeItem(key);
    } catch {
      // nothing to do: the next autosave overwrites it
    }
  },
};

const issueLines = (issues: readonly PlanIssue[]): string[] => {
  const lines = issues
    .slice(0, MAX_DETAILS)
    .map((i) => `${i.path === "" ? "(the document)" : i.path}: ${i.message}`);
  if (issues.length > MAX_DETAILS) lines.push(`… and ${issues.length - MAX_DETAILS} more.`);
  return lines;
};

const hasWork = (s: SavedState): boolean =>
  s.listingText.trim() !== "" || s.plan.disks.length > 0 || s.plan.vms.length > 0;

/**
 * The store, started from what this browser saved (text typed before the planner loaded wins
 * over the saved listing), and the session around it. Call inside a reactive owner.
 */
export function createSession(earlyText: string) {
  const [notices, setNotices] = createSignal<Notice[]>([]);
  let nextId = 1;
  const notify = (
    topic: string,
    kind: Notice["kind"],
    text: string,
    details: string[] = [],
    action: Notice["action"] = null,
  ) =>
    setNotices((list) => [
      ...list.filter((n) => n.topic !== topic),
      { id: nextId++, topic, kind, text, details, action },
    ]);
  const dismissTopic = (topic: string) =>
    setNotices((list) => list.filter((n) => n.topic !== topic));
  const dismiss = (id: number) => setNotices((list) => list.filter((n) => n.id !== id));

  // ── what this browser saved ──
  /** The set-aside state, also kept here when storage refuses it. */
  let setAsideMemory: string | null = null;
  let stored: SavedState | null = null;
  const raw = storage.read(STORAGE_KEY);
  if (!raw.ok) {
    notify(
      "storage",
      "error",
      `This browser does not let the page use its storage (${raw.error}). Your plan stays only while this page is open: use "Save plan" to keep a copy.`,
    );
  } else {
    const decoded = decodeState(raw.value);
    if (decoded.ok) stored = decoded.state;
    else if (raw.value !== null) {
      setAsideMemory = raw.value;
      const kept = storage.write(SET_ASIDE_KEY, raw.value) === null;
      if (kept) storage.remove(STORAGE_KEY);
      notify(
        "storage-load",
        "error",
        `The plan saved in this browser could not be read: ${decoded.error} ` +
          (kept
            ? `It was set aside (under "${SET_ASIDE_KEY}" in this site's storage), and the planner starts empty.`
            : "The planner starts empty."),
      );
    }
  }
  const store = createAppStore(
    stored ? { listingText: stored.listingText, plan: stored.plan } : { listingText: earlyText },
  );
  if (stored && earlyText.trim() !== "" && earlyText !== stored.listingText) {
    store.actions.setListingText(earlyText);
  }
  const current = (): SavedState => ({ listingText: store.listingText(), plan: store.plan() });

  // ── autosave ──
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dirty = false;
  let saveFailing = false;
  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!dirty) return;
    dirty = false;
    let problem: string | null;
    try {
      problem = storage.write(STORAGE_KEY, encodeState(current()));
    } catch (e) {
      problem = describe(e);
    }
    if (problem === null) {
      if (saveFailing) dismissTopic("storage");
      saveFailing = false;
    } else {
      saveFailing = true;
      notify(
        "storage",
        "error",
        `Your plan could not be saved in this browser (${problem}). It stays only while this page is open: use "Save plan" to keep a copy.`,
      );
    }
  };
  createEffect(
    on(
      [store.listingText, store.plan],
      () => {
        dirty = true;
        clearTimeout(timer);
        timer = setTimeout(save, AUTOSAVE_MS);
      },
      { defer: true },
    ),
  );
  const onHidden = () => {
    if (document.visibilityState === "hidden") save();
  };
  window.addEventListener("pagehide", save);
  document.addEventListener("visibilitychange", onHidden);
  onCleanup(() => {
    save();
    window.removeEventListener("pagehide", save);
    document.removeEventListener("visibilitychange", onHidden);
  });

  // ── replacing the plan, and getting the previous one back ──
  const setAside = (state: SavedState) => {
    setAsideMemory = encodeState(state);
    storage.write(SET_ASIDE_KEY, setAsideMemory);
  };
  const restoreAction = { label: "Restore my previous plan", run: () => restore() };
  /** Replaces listing and plan; work in progress is set aside and one click brings it back. */
  const replaceWith = (next: SavedState, message: string) => {
    const before = current();
    const keep = hasWork(before);
    if (keep) setAside(before);
    store.actions.replace(next.listingText, next.plan);
    notify(
      "replaced",
      "note",
      keep ? `${message} Your previous plan was set aside.` : message,
      [],
      keep ? restoreAction : null,
    );
  };
  const restore = () => {
    const rawAside =
      setAsideMemory ??
      (() => {
        const r = storage.read(SET_ASIDE_KEY);
        return r.ok ? r.value : null;
      })();
    const decoded = decodeState(rawAside);
    if (!decoded.ok || decoded.state === null) {
      notify(
        "replaced",
        "error",
        decoded.ok
          ? "There is no previous plan to restore."
          : `The previous plan cannot be restored: ${decoded.error}`,
      );
      return;
    }
    replaceWith(decoded.state, "Restored your previous plan.");
  };

  // ── share links ──
  /** The plan JSON the address bar's fragment stands for, while it does. */
  let fragmentJson: string | null = null;
  const clearFragment = () => {
    fragmentJson = null;
    if (location.hash === "") return;
    try {
      history.replaceState(history.state, "", location.pathname + location.search);
    } catch {
      // some file:// pages refuse; the stale fragment is harmless (it is checked on load)
    }
  };
  const setFragment = (fragment: string, json: string) => {
    fragmentJson = json;
    try {
      history.replaceState(history.state, "", fragment);
    } catch {
      // the link is still shown and copied
    }
  };
  const [pendingShare, setPendingShare] = createSignal<Plan | null>(null);
  let fragmentTicket = 0;
  const openFragment = async () => {
    const hash = location.hash;
    if (!isShareFragment(hash)) return;
    const ticket = ++fragmentTicket;
    const decoded = await decodeShareFragment(hash);
    if (ticket !== fragmentTicket) return;
    if (!decoded.ok) {
      notify(
        "link",
        "error",
        `This share link cannot be opened. ${decoded.error}`,
        issueLines(decoded.issues),
      );
      return;
    }
    dismissTopic("link");
    const json = planToJson(decoded.plan);
    if (json === fragmentJson) return;
    if (json === planToJson(store.plan())) {
      // Reloaded, or opened again: this plan is the one on the page already.
      fragmentJson = json;
    } else if (!hasWork(current())) {
      acceptShare(decoded.plan, json);
    } else {
      setPendingShare(decoded.plan);
    }
  };
  const acceptShare = (plan: Plan, json = planToJson(plan)) => {
    setPendingShare(null);
    // Before the plan changes: the address bar keeps the link while the plan is the link's.
    fragmentJson = json;
    replaceWith({ listingText: "", plan }, `Opened the shared plan “${plan.name}”.`);
  };
  const keepMine = () => {
    setPendingShare(null);
    clearFragment();
    notify("replaced", "note", "Kept your plan; the shared plan was not opened.");
  };
  void openFragment();
  const onHashChange = () => void openFragment();
  window.addEventListener("hashchange", onHashChange);
  onCleanup(() => window.removeEventListener("hashchange", onHashChange));

  const [shareLink, setShareLink] = createSignal<ShareLink | null>(null);
  const planJson = createMemo(() => planToJson(store.plan()));
  // Once the plan moves on, the address bar stops claiming to be its link.
  createEffect(
    on(planJson, (json) => {
      if (fragmentJson !== null && fragmentJson !== json) clearFragment();
    }),
  );
  /** Fills the ids first, so the link rebuilds byte-identical descriptors anywhere. */
  const filledPlan = (): Plan => {
    const plan = withIdentities(store.plan(), randomUuid);
    if (plan !== store.plan()) store.actions.adoptBuiltPlan(plan);
    return plan;
  };
  const copyShareLink = async () => {
    try {
      const plan = filledPlan();
      const fragment = await encodeShareFragment(plan);
      if (fragment.length > MAX_FRAGMENT_CHARS) {
        notify(
          "share",
          "error",
          `The plan is too large for a link (${fragment.length} characters; links open up to ${MAX_FRAGMENT_CHARS}). Use "Save plan" and share the file.`,
        );
        return;
      }
      dismissTopic("share");
      const json = planToJson(plan);
      setFragment(fragment, json);
      const url = `${location.href.split("#")[0] ?? ""}${fragment}`;
      setShareLink({ url, json, copied: false });
      const copied = await copyText(url);
      setShareLink({ url, json, copied });
    } catch (e) {
      notify("share", "error", `The share link could not be made (${describe(e)}).`);
    }
  };
  const shareLinkStale = createMemo(() => {
    const link = shareLink();
    return link !== null && link.json !== planJson();
  });

  // ── plan files ──
  const savePlanFile = () => {
    const plan = filledPlan();
    saveFile(planToJson(plan), "plan.json", "application/json");
    notify("file", "note", `Saved plan.json (plan “${plan.name}”).`);
  };
  const openPlanFile = async (file: File) => {
    const fail = (text: string, details: string[] = []) =>
      notify("file", "error", `${file.name} cannot be opened. ${text}`, details);
    try {
      if (file.size > MAX_PLAN_FILE_BYTES) {
        return fail(`It has ${file.size} bytes: plan files and the app's zips are much smaller.`);
      }
      const data = new Uint8Array(await file.arrayBuffer());
      let text: string;
      if (looksLikeZip(data)) {
        // A zip. Its reader comes with the zip writer's chunk.
        const { planTextFromZip } = await import("../lib/zip/zip.ts");
        const r = await planTextFromZip(data);
        if (!r.ok) return fail(r.error);
        text = r.text;
      } else {
        try {
          text = new TextDecoder("utf-8", { fatal: true }).decode(data);
        } catch {
          return fail("It is not UTF-8 text (a plan.json) nor a zip.");
        }
      }
      const loaded = loadPlan(text);
      if (!loaded.ok) return fail("It is not a valid plan:", issueLines(loaded.issues));
      dismissTopic("file");
      replaceWith(
        { listingText: "", plan: loaded.plan },
        `Opened ${file.name}: plan “${loaded.plan.name}”.`,
      );
    } catch (e) {
      fail(`(${describe(e)})`);
    }
  };

  // ── descriptor import ──
  const [imported, setImported] = createSignal<ImportedDescriptor | null>(null);
  const importDescriptorFile = async (file: File) => {
    const fail = (text: string, details: string[] = []) => {
      setImported(null);
      notify("import", "error", `${file.name} cannot be imported. ${text}`, details);
    };
    try {
      if (file.size > MAX_DESCRIPTOR_BYTES + 1) {
        return fail("", [
          `line 1: The file has ${file.size} bytes; a descriptor is at most 128 KiB (is this a disk image rather than its descriptor?).`,
        ]);
      }
      const read = readDescriptor(new Uint8Array(await file.arrayBuffer()));
      if (!read.ok) return fail("", [`line ${read.error.line}: ${read.error.message}`]);
      finishImport(file.name, read.descriptor, new Map());
    } catch (e) {
      fail(`(${describe(e)})`);
    }
  };
  // A path that may be a listed disk under another name waits for the user's answer.
  const [deviceQuestions, setDeviceQuestions] = createSignal<PendingDeviceQuestions | null>(null);
  const finishImport = (fileName: string, descriptor: ReadDescriptor, answers: DeviceAnswers) => {
    setDeviceQuestions(null);
    const r = importDescriptor(store.plan(), descriptor, fileName, answers);
    if (!r.ok && r.questions) {
      setImported(null);
      dismissTopic("import");
      setDeviceQuestions({ fileName, descriptor, questions: r.questions, answers });
      return;
    }
    if (!r.ok) {
      setImported(null);
      notify("import", "error", `${fileName} cannot be imported. ${r.error}`, []);
      return;
    }
    const vm = r.plan.vms[r.vm];
    store.actions.replace(store.listingText(), r.plan, {
      kind: "note",
      text: `Imported ${fileName} as ${vm?.name ?? "a VM"}. Undo takes it out again.`,
    });
    dismissTopic("import");
    setImported({
      fileName,
      vmName: vm?.name ?? "",
      uuid: vm?.uuid ?? null,
      extents: descriptor.extents,
      notes: [
        ...r.addedDisks.map(
          (d) => `Added the disk ${d} (its size is unknown: enter it in step 2).`,
        ),
        ...r.notes,
      ],
    });
  };
  const answerDeviceQuestions = (answers: DeviceAnswers) => {
    const pending = deviceQuestions();
    if (!pending) return;
    finishImport(pending.fileName, pending.descriptor, new Map([...pending.answers, ...answers]));
  };

  // ── a new version ──
  registerOffline((apply) =>
    notify("update", "note", "A new version is ready — reload to use it.", [], {
      label: "Reload",
      run: () => {
        save();
        apply();
      },
    }),
  );

  const session = {
    notices,
    dismiss,
    pendingShare,
    acceptShare: () => {
      const plan = pendingShare();
      if (plan) acceptShare(plan);
    },
    keepMine,
    shareLink,
    shareLinkStale,
    copyShareLink,
    savePlanFile,
    openPlanFile,
    imported,
    dismissImported: () => setImported(null),
    importDescriptorFile,
    deviceQuestions,
    answerDeviceQuestions,
    plan: store.plan,
    cancelDeviceQuestions: () => setDeviceQuestions(null),
  };
  return { store, session };
}

export type Session = ReturnType<typeof createSession>["session"];
