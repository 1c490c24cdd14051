import { expect, test } from "@playwright/test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// `npm run build:single` writes one self-contained page for offline machines: it must work
// when opened from disk, and ask nothing of any server.
const SINGLE = join(import.meta.dirname, "..", "dist-single", "index.html");

test("dist-single/index.html works from file:// with no request to any server", async ({
  page,
}) => {
  expect(existsSync(SINGLE), "run `npm run build:single` first").toBe(true);
  const requests: string[] = [];
  const problems: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(pathToFileURL(SINGLE).href);
  await page.getByRole("button", { name: "Try the example" }).click();
  await expect(page.getByLabel("Partition listing")).toHaveValue(/Disk #0, Partition #2/);
  await expect(page.getByRole("table").first()).toContainText("125,831,168");
  expect(problems).toEqual([]);
  expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]);
});
