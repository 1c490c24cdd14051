/**
 * Shared steps of the planner journeys: downloading (acknowledging warnings), reading the
 * downloaded zip, running axe, screenshots.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { expect, type Download, type Locator, type Page, type TestInfo } from "@playwright/test";
import JSZip from "jszip";
import { compactFinding } from "../src/lib/plan/findings.ts";

const require = createRequire(import.meta.url);

/** Saves a download under the test's output folder and returns every file in it as text. */
export async function unzipDownload(
  download: Download,
  testInfo: TestInfo,
): Promise<Map<string, string>> {
  const path = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(path);
  const zip = await JSZip.loadAsync(readFileSync(path));
  const files = new Map<string, string>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir) files.set(entry.name, await entry.async("string"));
  }
  return files;
}

/** The descriptors in a zip, by path (`vm1/vm1.vmdk` → text). */
export function descriptors(files: Map<string, string>): Map<string, string> {
  return new Map([...files].filter(([name]) => name.endsWith(".vmdk")));
}

/** The extent lines of a descriptor, in order. */
export function extentLines(descriptor: string): string[] {
  return descriptor.split("\n").filter((l) => /^(RW|RDONLY|NOACCESS) /.test(l));
}

/** The main download button (its accessible name stays "Download zip" whatever it asks). */
export const downloadButton = (page: Page) => page.getByRole("button", { name: "Download zip" });

/** The question a plan with warnings asks before its zip is built. */
export const warningAcknowledgement = (page: Page) =>
  page.getByRole("group", { name: /^Download with \d+ warnings?\?$/ });

/** The review's warning messages, in the order it lists them. */
export function reviewWarnings(page: Page): Promise<string[]> {
  return page
    .getByRole("region", { name: "Review and download" })
    .locator(".findings.summary .finding-warning .finding-text")
    .allTextContents();
}

/**
 * Downloads the plan's zip as a user must: "Download zip", and if the review lists warnings,
 * the acknowledgement that repeats exactly those warnings, then "Download anyway". Fails if a
 * plan with warnings downloads without being asked, or a plan without warnings asks (a plan
 * whose warnings were confirmed before and read the same must not ask again).
 * With `keyboard`, the focus must already be on "Download zip": Enter, Tab, Enter.
 */
export async function downloadZip(
  page: Page,
  options: { keyboard?: boolean } = {},
): Promise<{ download: Download; acknowledged: string[] }> {
  const warnings = await reviewWarnings(page);
  const press = () =>
    options.keyboard ? page.keyboard.press("Enter") : downloadButton(page).click();
  // Warnings confirmed at an earlier download, and unchanged since, are not asked about again.
  const reason = (await page.locator(".download-reason").textContent()) ?? "";
  if (warnings.length === 0 || reason.includes("Its warnings are confirmed.")) {
    const [download] = await Promise.all([page.waitForEvent("download"), press()]);
    await expect(warningAcknowledgement(page)).toHaveCount(0);
    return { download, acknowledged: [] };
  }
  let early: Download | null = null;
  const onEarly = (d: Download) => (early = d);
  page.on("download", onEarly);
  await press();
  const ack = warningAcknowledgement(page);
  await expect(ack).toBeFocused();
  const acknowledged = await ack.locator(".finding-text").allTextContents();
  expect(acknowledged, "the acknowledgement lists the review's warnings, one line each").toEqual(
    warnings.map(compactFinding),
  );
  page.off("download", onEarly);
  expect(early, "no download before the warnings are acknowledged").toBeNull();
  const anyway = ack.getByRole("button", { name: "Download anyway" });
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    (async () => {
      if (options.keyboard) {
        await page.keyboard.press("Tab");
        await expect(anyway).toBeFocused();
        await page.keyboard.press("Enter");
      } else {
        await anyway.click();
      }
    })(),
  ]);
  await expect(ack).toHaveCount(0);
  return { download, acknowledged };
}

/** Runs axe-core in the page; fails with the violations listed if there are any. */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: () => Promise<{
            violations: { id: string; help: string; nodes: { target: unknown[] }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 5),
    }));
  });
  expect(violations, `axe violations in the ${state} state`).toEqual([]);
}

/** Screenshots of the current page at 360 and 1280 px, light and dark, into test-results/. */
export async function screenshots(page: Page, testInfo: TestInfo, state: string): Promise<void> {
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [360, 1280]) {
    for (const colorScheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme });
      await page.screenshot({
        path: testInfo.outputPath(`${state}-${width}-${colorScheme}.png`),
        fullPage: true,
      });
    }
  }
  await page.setViewportSize(original);
  await page.emulateMedia({ colorScheme: "light" });
}

/** The worked example of docs/product.md. */
export const WORKED_EXAMPLE = `Name                   NumberOfBlocks  StartingOffset
Disk #0, Partition #0  125829120       1048576
Disk #0, Partition #1  125829120       64425558016
Disk #0, Partition #2  33554432        128850067456
`;

/** A VM's card, by the VM's name. */
export const vmCard = (page: Page, name: string) =>
  page.getByRole("article", { name, exact: true });

/** Loads the app (at `path`, e.g. a share link) and waits for the planner. */
export async function openPlanner(page: Page, path = "./"): Promise<void> {
  await page.goto(path);
  // Gone, not just hidden: the first frame hides steps 2-4 until it is painted (docs/startup.md).
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
}

/** The worked example with Partition #1 split between vm1 and vm2. */
export async function splitWorkedExample(page: Page): Promise<void> {
  await page.getByLabel("Partition listing").fill(WORKED_EXAMPLE);
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  await expect(vmCard(page, "vm2")).toContainText("188,745,728");
}

/** Unfolds a VM card's guest options (folded away by default) and returns the card. */
export async function openVmOptions(card: Locator): Promise<Locator> {
  const options = card.locator("details.vm-options");
  if (!(await options.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await options.locator("summary").click();
  }
  await expect(options).toHaveAttribute("open", "");
  return card;
}
