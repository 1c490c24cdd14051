/**
 * "Save plan" and "Open plan…": a plan.json (or the app's own zip, whose plan.json is read) is
 * validated, then, over work of the user's, asked about before it replaces anything (like a
 * share link); what it replaces is set aside.
 */
import { createSignal } from "solid-js";
import { planToJson } from "../lib/plan/codec.ts";
import type { Plan } from "../lib/plan/types.ts";
import { looksLikeZip } from "../lib/zip/magic.ts";
import { issueLines } from "./issueLines.ts";
import { readPlan } from "./planReader.ts";
import { describeError, type Notify } from "./notices.ts";
import { saveFile } from "./saveFile.ts";
import { hasWork, type SetAside } from "./setAside.ts";

/** A valid plan file waiting for the user's answer before it replaces their work. */
export interface PendingPlanFile {
  fileName: string;
  plan: Plan;
}

/** A plan file or zip bigger than this is not one the app made. */
export const MAX_PLAN_FILE_BYTES = 32 * 1024 * 1024;

export function createPlanFiles(
  notify: Notify,
  dismissTopic: (topic: string) => void,
  aside: SetAside,
  filledPlan: () => Plan,
  save: (data: string, name: string, type: string) => void = saveFile,
) {
  const [pendingFile, setPendingFile] = createSignal<PendingPlanFile | null>(null);
  const open = ({ fileName, plan }: PendingPlanFile) => {
    setPendingFile(null);
    aside.replaceWith({ listingText: "", plan }, `Opened ${fileName}: plan “${plan.name}”.`);
  };
  const acceptFile = () => {
    const pending = pendingFile();
    if (pending) open(pending);
  };
  const keepMineOverFile = () => {
    const pending = pendingFile();
    setPendingFile(null);
    if (pending) notify("file", "note", `Kept your plan; ${pending.fileName} was not opened.`);
  };
  const savePlanFile = () => {
    const plan = filledPlan();
    // Named after the plan, like its zip, so several saved plans can be told apart.
    const fileName = `${plan.name || "plan"}.plan.json`;
    save(planToJson(plan), fileName, "application/json");
    notify("file", "note", `Saved ${fileName} (plan “${plan.name}”).`);
  };
  const openPlanFile = async (file: File) => {
    const fail = (text: string, details: string[] = []) =>
      notify("file", "error", `${file.name} cannot be opened. ${text}`, details);
    try {
      if (file.size > MAX_PLAN_FILE_BYTES) {
        return fail(
          `It has ${file.size} bytes: plan files and the app's zips are much smaller (at most 32 MiB is opened). Nothing was read from it.`,
        );
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
      // A big plan is read in a worker (planReader.ts): the page stays responsive meanwhile.
      const loaded = await readPlan({ kind: "text", text });
      if (!loaded.ok) return fail("It is not a valid plan:", issueLines(loaded.issues));
      dismissTopic("file");
      const before = aside.current();
      const pending = { fileName: file.name, plan: loaded.plan };
      if (hasWork(before) && planToJson(before.plan) !== loaded.json) {
        setPendingFile(pending);
      } else {
        open(pending);
      }
    } catch (e) {
      fail(`(${describeError(e)})`);
    }
  };
  return { savePlanFile, openPlanFile, pendingFile, acceptFile, keepMineOverFile };
}
