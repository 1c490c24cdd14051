import { expect, test, type Page } from "@playwright/test";
import { WORKED_EXAMPLE, downloadButton, warningAcknowledgement } from "./helpers.ts";

// Acceptance 3 of issue 14: each finding's text is on the page at most twice at once, in
// place and in the review's summary; the download's confirmation lists first sentences only.

const summaryTexts = (page: Page) =>
  page
    .getByRole("region", { name: "Review and download" })
    .locator(".findings.summary .finding-text")
    .allTextContents();

/** How many times each summary finding's full text occurs in the page's visible text. */
async function occurrences(page: Page): Promise<Map<string, number>> {
  const texts = await summaryTexts(page);
  const body = await page.locator("body").innerText();
  return new Map(texts.map((t) => [t, body.split(t).length - 1]));
}

async function expectEachAtMostTwice(page: Page, kinds: RegExp[]) {
  const counts = await occurrences(page);
  // The scenario really shows the findings it is about: a count over nothing proves nothing.
  for (const kind of kinds) {
    expect(
      [...counts.keys()].some((t) => kind.test(t)),
      `a finding matching ${kind}`,
    ).toBe(true);
  }
  for (const [text, n] of counts) {
    expect(n, `times shown: ${text}`).toBeGreaterThanOrEqual(1);
    expect(n, `times shown: ${text}`).toBeLessThanOrEqual(2);
  }
}

async function openWithExample(page: Page) {
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
  await page.getByLabel("Partition listing").fill(WORKED_EXAMPLE);
}

test("a split partition and an unknown disk size: each warning in place and in the summary only", async ({
  page,
}) => {
  await openWithExample(page);
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  await expectEachAtMostTwice(page, [/is split between VM "vm1"/, /is unknown/]);
  // The second VM points at the first instead of repeating the text.
  await expect(
    page.getByRole("article", { name: "vm2", exact: true }).locator(".finding-pointer"),
  ).toContainText("see range 1 of vm1");

  // With the confirmation open, its lines are first sentences, not the full texts again.
  await downloadButton(page).click();
  await expect(warningAcknowledgement(page)).toBeFocused();
  await expectEachAtMostTwice(page, [/is split between/]);
});

test("two VMs writing the same partition: the error in place, a pointer at the other VM, and the summary", async ({
  page,
}) => {
  await openWithExample(page);
  const p1 = page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ });
  await p1.click();
  await page.getByRole("button", { name: "Assign whole" }).click();
  await p1.click();
  await page.getByRole("button", { name: "Assign whole" }).click();
  await expectEachAtMostTwice(page, [/at least one is writable/]);
});

test("an error and a warning written out at one range make one pointer where they also apply", async ({
  page,
}) => {
  await openWithExample(page);
  const p1 = page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ });
  await p1.click();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  // vm2 takes the whole partition too: it overlaps vm1's half (an error) on a split partition
  // (a warning), both written out at range 1 of vm1.
  await p1.click();
  await page.getByRole("combobox", { name: "Give it to" }).first().selectOption({ label: "vm2" });
  await page.getByRole("button", { name: "Assign whole" }).click();
  const vm2 = page.getByRole("article", { name: "vm2", exact: true });
  await expect(vm2.locator(".finding-pointer").filter({ hasText: /^✖/ })).toContainText([
    "2 findings also concern this: see range 1 of vm1.",
  ]);
  for (const list of await vm2.locator("ul.findings").all()) {
    const pointers = await list.locator(".finding-pointer .finding-ref").allInnerTexts();
    expect(new Set(pointers).size, pointers.join(" | ")).toBe(pointers.length);
  }
});
