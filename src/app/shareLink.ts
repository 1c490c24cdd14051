/**
 * Share links (#plan=…): opening one asks before it replaces the user's work, copying one puts
 * it in the address bar and on the clipboard, and once the plan moves on the address bar stops
 * claiming to be its link. The fragment never reaches a server.
 */
import { createEffect, createMemo, createSignal, on, onCleanup } from "solid-js";
import { planToJson } from "../lib/plan/codec.ts";
import type { Plan } from "../lib/plan/types.ts";
import { withIdentities } from "../lib/share/identities.ts";
import { encodeShareFragment, isShareFragment, MAX_FRAGMENT_CHARS } from "../lib/share/link.ts";
import { copyText, randomUuid } from "./clipboard.ts";
import { issueLines } from "./issueLines.ts";
import { readPlan } from "./planReader.ts";
import { describeError, type Notify } from "./notices.ts";
import { hasWork, type SetAside } from "./setAside.ts";
import type { AppStore } from "./store.ts";

export interface ShareLink {
  url: string;
  /** The plan the link carries (to tell when the plan has moved on). */
  json: string;
  copied: boolean;
}

/** Same name and as many disks, partitions, VMs and ranges: else their JSON surely differs. */
function sameShape(a: Plan, b: Plan): boolean {
  return (
    a.name === b.name &&
    a.disks.length === b.disks.length &&
    a.vms.length === b.vms.length &&
    a.disks.every((d, i) => d.partitions.length === b.disks[i]?.partitions.length) &&
    a.vms.every((vm, i) => vm.ranges.length === b.vms[i]?.ranges.length)
  );
}

export function createShareLinks(
  store: AppStore,
  notify: Notify,
  dismissTopic: (topic: string) => void,
  aside: SetAside,
) {
  /** The plan JSON the address bar's fragment stands for, while it does. */
  let fragmentJson: string | null = null;
  /** A plan known to be written as `fragmentJson` (writing a big plan out takes a while). */
  let fragmentPlan: Plan | null = null;
  const clearFragment = () => {
    fragmentJson = null;
    fragmentPlan = null;
    if (location.hash === "") return;
    try {
      history.replaceState(history.state, "", location.pathname + location.search);
    } catch {
      // some file:// pages refuse; the stale fragment is harmless (it is checked on load)
    }
  };
  const setFragment = (fragment: string, json: string) => {
    fragmentJson = json;
    fragmentPlan = null;
    try {
      history.replaceState(history.state, "", fragment);
    } catch {
      // the link is still shown and copied
    }
  };
  const [pendingShare, setPendingShare] = createSignal<Plan | null>(null);
  let fragmentTicket = 0;
  const acceptShare = (plan: Plan, json = planToJson(plan)) => {
    setPendingShare(null);
    // Before the plan changes: the address bar keeps the link while the plan is the link's.
    fragmentJson = json;
    fragmentPlan = plan;
    aside.replaceWith({ listingText: "", plan }, `Opened the shared plan “${plan.name}”.`);
  };
  const openFragment = async () => {
    const hash = location.hash;
    if (!isShareFragment(hash)) return;
    const ticket = ++fragmentTicket;
    // A big link is read in a worker (planReader.ts), with the plan's JSON written there too.
    const decoded = await readPlan({ kind: "link", fragment: hash });
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
    const { json } = decoded;
    if (json === fragmentJson) return;
    if (json === planToJson(store.plan())) {
      // Reloaded, or opened again: this plan is the one on the page already.
      fragmentJson = json;
    } else if (!hasWork(aside.current())) {
      acceptShare(decoded.plan, json);
    } else {
      setPendingShare(decoded.plan);
    }
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
  // Once the plan moves on, the address bar stops claiming to be its link. The plan is written
  // out to compare only while there is a link to compare with: a big plan takes a while.
  createEffect(
    on(store.plan, (plan) => {
      if (fragmentJson === null || plan === fragmentPlan) return;
      // A plan of another shape than the link's cannot be written as the link's plan.
      if (fragmentPlan !== null && !sameShape(plan, fragmentPlan)) clearFragment();
      else if (fragmentJson === planToJson(plan)) fragmentPlan = plan;
      else clearFragment();
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
      notify("share", "error", `The share link could not be made (${describeError(e)}).`);
    }
  };
  const shareLinkStale = createMemo(() => {
    const link = shareLink();
    return link !== null && link.json !== planToJson(store.plan());
  });
  return {
    pendingShare,
    acceptShare: () => {
      const plan = pendingShare();
      if (plan) acceptShare(plan);
    },
    keepMine,
    shareLink,
    shareLinkStale,
    copyShareLink,
    filledPlan,
  };
}
