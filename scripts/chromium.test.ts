import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromiumArgs, PLAYWRIGHT_DISABLED_FEATURES } from "./chromium.ts";

/** The feature list in the installed playwright-core's own source (its bundle). */
function playwrightsOwnList(): string[] {
  const require = createRequire(import.meta.url);
  const core = dirname(require.resolve("playwright-core/package.json"));
  const bundle = readFileSync(join(core, "lib", "coreBundle.js"), "utf8");
  const list = /disabledFeatures = \[([\s\S]*?)\]\.filter\(Boolean\)/.exec(bundle)?.[1];
  if (!list) throw new Error("playwright-core no longer has a disabledFeatures list");
  return [...list.matchAll(/^\s*"([^"]+)",?\s*$/gm)].map((m) => m[1] ?? "");
}

describe("chromiumArgs", () => {
  it("keeps every feature Playwright disables, since ours replace its --disable-features", () => {
    const own = playwrightsOwnList();
    expect(own).toContain("PaintHolding");
    expect([...PLAYWRIGHT_DISABLED_FEATURES].sort()).toEqual([...own].sort());
  });

  it("gives one --disable-features with Playwright's and the hidden UI's", () => {
    const args = chromiumArgs("--disable-quic");
    const features = args.filter((a) => a.startsWith("--disable-features="));
    expect(features).toHaveLength(1);
    const list = features[0]?.split("=")[1]?.split(",") ?? [];
    expect(list).toEqual(expect.arrayContaining(["PaintHolding", "WebUIOmniboxAimPopup"]));
    expect(args).toContain("--no-sandbox");
    expect(args.at(-1)).toBe("--disable-quic");
  });
});
