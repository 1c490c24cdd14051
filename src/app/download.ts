/**
 * "Download zip": builds the zip with the engine (loaded only now, so the zip writer is not
 * part of the first screen), keeps the plan it returns (UUIDs filled, so the next download is
 * byte-identical) and hands the bytes to the browser as `<plan-name>.zip`.
 */
import type { AppStore } from "./store.ts";
import { saveFile } from "./saveFile.ts";

export async function downloadZip(
  store: AppStore,
): Promise<{ ok: true; fileName: string } | { ok: false; error: string }> {
  try {
    const { buildZip } = await import("../lib/zip/zip.ts");
    const built = await buildZip(store.plan());
    if (!built.ok) {
      const errors = built.findings.filter((f) => f.severity === "error");
      return {
        ok: false,
        error: `The zip was refused: ${(errors.length ? errors : built.findings).map((f) => f.message).join(" ")}`,
      };
    }
    const { plan, bytes } = built;
    store.actions.adoptBuiltPlan(plan);
    const fileName = `${plan.name || "plan"}.zip`;
    saveFile(bytes as BlobPart, fileName, "application/zip");
    return { ok: true, fileName };
  } catch (e) {
    return {
      ok: false,
      error: `The zip could not be built: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
