import { readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { expect, test, type Browser, type Download, type Page } from "@playwright/test";
import JSZip from "jszip";
import {
  downloadZip as downloadWithAck,
  expectNoAxeViolations,
  openPlanner,
  splitWorkedExample,
  vmCard,
  WORKED_EXAMPLE,
} from "./helpers.ts";

// Share links, autosave and what happens when either is hostile or broken.

// axe is injected as an inline script, which the page's CSP forbids. Without the CSP the
// hostile-markup checks are stricter too: injected markup would run if it were ever parsed.
test.use({ bypassCSP: true });

const STORAGE_KEY = "raw-disk-planner/state";
const SET_ASIDE_KEY = "raw-disk-planner/state-set-aside";
const SET_ASIDE_LIST_KEY = "raw-disk-planner/set-aside-list";
const openPage = openPlanner;
const splitExample = splitWorkedExample;

/** Every .vmdk of a downloaded zip, as bytes. */
async function zipDescriptors(download: Download): Promise<Map<string, Buffer>> {
  const path = await download.path();
  const zip = await JSZip.loadAsync(readFileSync(path));
  const out = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) {
    if (entry.name.endsWith(".vmdk")) out.set(entry.name, await entry.async("nodebuffer"));
  }
  return out;
}

async function downloadZip(page: Page): Promise<Download> {
  return (await downloadWithAck(page)).download;
}

async function makeShareLink(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Copy share link" }).click();
  const field = page.getByLabel("Share link");
  await expect(field).toHaveValue(/#plan=1\./);
  await expect(page.getByText("browsers never send to a server")).toBeVisible();
  return field.inputValue();
}

async function freshPage(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { context, page };
}

test("a share link opens the same plan in a fresh browser, with byte-identical descriptors", async ({
  page,
  browser,
}) => {
  await openPage(page);
  await splitExample(page);
  const link = await makeShareLink(page);
  expect(new URL(link).hash).toMatch(/^#plan=1\./);
  expect(page.url()).toBe(link);
  const mine = await zipDescriptors(await downloadZip(page));
  expect([...mine.keys()].sort()).toEqual(["vm1/vm1.vmdk", "vm2/vm2.vmdk"]);

  const { context, page: other } = await freshPage(browser);
  await openPage(other, link);
  await expect(vmCard(other, "vm1")).toContainText("62,916,608");
  await expect(vmCard(other, "vm2")).toContainText("188,745,728");
  await expect(other.getByRole("dialog")).toBeHidden();
  const theirs = await zipDescriptors(await downloadZip(other));
  expect([...theirs.keys()].sort()).toEqual([...mine.keys()].sort());
  for (const [name, bytes] of mine) {
    expect(theirs.get(name)?.equals(bytes), `${name} is byte-identical`).toBe(true);
    expect(bytes.toString("utf8")).toMatch(/ddb\.uuid\.image="[0-9a-f-]{36}"/);
  }
  await context.close();
});

test("a link over different local work asks first; the local plan can be restored", async ({
  page,
  browser,
}) => {
  await openPage(page);
  await splitExample(page);
  const link = await makeShareLink(page);

  const { context, page: other } = await freshPage(browser);
  await openPage(other);
  await other.getByRole("button", { name: "Try the example" }).click();
  await expect(other.getByLabel("Partition listing")).toHaveValue(/Partition #2/);

  // Same page, new fragment (a pasted link): asked, and "Keep my plan" keeps it.
  await other.goto(link);
  const dialog = other.getByRole("dialog", { name: "Open the shared plan?" });
  await expect(dialog).toBeVisible();
  await expectNoAxeViolations(other, "share dialog");
  await dialog.getByRole("button", { name: "Keep my plan" }).click();
  await expect(dialog).toBeHidden();
  await expect(other.getByLabel("Partition listing")).toHaveValue(/Partition #2/);
  await expect(vmCard(other, "vm1")).toHaveCount(0);
  expect(new URL(other.url()).hash).toBe("");

  // Opened from a fresh load this time: the shared plan replaces mine, which is set aside.
  await openPage(other, link);
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Open the shared plan" }).click();
  await expect(vmCard(other, "vm2")).toContainText("188,745,728");
  await expect(other.getByLabel("Partition listing")).toHaveValue("");
  const aside = await other.evaluate((k) => localStorage.getItem(k), SET_ASIDE_LIST_KEY);
  expect(aside).toContain("Partition #2");

  await expectNoAxeViolations(other, "shared plan opened, share link notice");
  await other.getByRole("button", { name: "Restore my previous plan" }).click();
  await expect(other.getByLabel("Partition listing")).toHaveValue(/Partition #2/);
  await expect(vmCard(other, "vm1")).toHaveCount(0);
  await context.close();
});

test("reload keeps the plan and the listing", async ({ page }) => {
  await openPage(page);
  await splitExample(page);
  await page.getByLabel("Plan name").fill("kept");
  await page.getByLabel("Plan name").press("Enter");
  await expect
    .poll(() => page.evaluate((k) => localStorage.getItem(k) ?? "", STORAGE_KEY))
    .toContain('"name":"kept"');
  await openPage(page);
  await expect(page.getByLabel("Partition listing")).toHaveValue(WORKED_EXAMPLE);
  await expect(vmCard(page, "vm2")).toContainText("188,745,728");
  await expect(page.getByLabel("Plan name")).toHaveValue("kept");
});

test("corrupt saved data is set aside with a notice; the empty planner works", async ({ page }) => {
  await page.addInitScript((key) => {
    if (!sessionStorage.getItem("seeded")) {
      sessionStorage.setItem("seeded", "1");
      localStorage.setItem(key, '{"format":"raw-disk-planner/state","version":1,"plan":');
    }
  }, STORAGE_KEY);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await openPage(page);
  await expect(page.getByRole("alert")).toContainText(
    "The plan saved in this browser could not be read",
  );
  await expect(page.getByRole("alert")).toContainText(SET_ASIDE_KEY);
  expect(await page.evaluate((k) => localStorage.getItem(k), SET_ASIDE_KEY)).toBe(
    '{"format":"raw-disk-planner/state","version":1,"plan":',
  );
  await expect(page.getByLabel("Partition listing")).toHaveValue("");
  await page.getByRole("button", { name: "Try the example" }).click();
  await expect(page.getByRole("table").first()).toContainText("125,831,168");
  expect(errors).toEqual([]);
});

test("storage that refuses (disabled, full) degrades to a notice", async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, "localStorage", {
      get() {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    });
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await openPage(page);
  await expect(page.getByRole("alert")).toContainText("does not let the page use its storage");
  await splitExample(page);
  await expect(page.getByRole("button", { name: "Download zip" })).toBeEnabled();
  expect(errors).toEqual([]);
});

test("a full storage (QuotaExceededError on save) degrades to a notice", async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await openPage(page);
  await splitExample(page);
  await expect(page.getByRole("alert")).toContainText(
    "Your plan could not be saved in this browser (The quota has been exceeded.)",
  );
  await expect(page.getByRole("button", { name: "Download zip" })).toBeEnabled();
  expect(errors).toEqual([]);
});

// ── hostile links ──

const base64url = (data: Buffer) => data.toString("base64url");
const linkOf = (json: string) => `./#plan=1.${base64url(deflateRawSync(Buffer.from(json)))}`;

function planJson(patch: (plan: Record<string, unknown>) => void = () => undefined): string {
  const plan: Record<string, unknown> = {
    format: "raw-disk-planner/plan",
    version: 1,
    name: "hostile",
    disks: [
      {
        id: "d0",
        device: "\\\\.\\PhysicalDrive0",
        logicalSectorSize: 512,
        sizeBytes: null,
        partitions: [],
      },
    ],
    vms: [
      {
        name: "vm1",
        adapterType: "ide",
        uuid: null,
        head: { file: "Raw_Sectors_1MiB", sectors: 2048 },
        ranges: [{ disk: "d0", startSector: "2048", sectors: "4096", access: "RW" }],
      },
    ],
  };
  patch(plan);
  return JSON.stringify(plan);
}

const firstVm = (plan: Record<string, unknown>) =>
  (plan.vms as Record<string, unknown>[])[0] as Record<string, unknown>;
const firstDisk = (plan: Record<string, unknown>) =>
  (plan.disks as Record<string, unknown>[])[0] as Record<string, unknown>;

const HOSTILE: { name: string; link: () => string; expect: RegExp; opens?: boolean }[] = [
  { name: "a newer link version", link: () => "./#plan=2.AAAA", expect: /newer version/ },
  {
    name: "numbers with 400 digits",
    link: () =>
      linkOf(
        planJson((p) => {
          const range = (firstVm(p).ranges as Record<string, unknown>[])[0];
          if (range) range.startSector = "9".repeat(400);
        }),
      ),
    expect: /vms\[0\]\.ranges\[0\]\.startSector/,
  },
  {
    name: "a 300 KB payload",
    link: () =>
      `./#plan=1.${base64url(Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251)))}`,
    expect: /too long/,
  },
  {
    name: "a small link that inflates to megabytes",
    link: () => linkOf(planJson((p) => (p.name = " ".repeat(3_000_000)))),
    expect: /larger than .* once unpacked/,
  },
  {
    name: "__proto__ keys",
    link: () =>
      linkOf(
        planJson()
          .replace('"name":"hostile"', '"__proto__":{"polluted":1},"name":"hostile"')
          .replace('"name":"vm1"', '"constructor":{"prototype":{"polluted":1}},"name":"vm1"'),
      ),
    // No plan the app writes has these keys: the link was crafted, and the page says where.
    expect: /__proto__.*is not allowed/,
  },
  {
    name: "markup in a VM name",
    link: () => linkOf(planJson((p) => (firstVm(p).name = "<img src=x onerror=window.__pwned=1>"))),
    expect: /<img src=x onerror=window.__pwned=1>/,
    opens: true,
  },
  {
    name: 'a " in a device path',
    link: () => linkOf(planJson((p) => (firstDisk(p).device = '\\\\.\\Physical"Drive0'))),
    expect: /double quote/,
    opens: true,
  },
  {
    name: "a newline in a device path",
    link: () => linkOf(planJson((p) => (firstDisk(p).device = "/dev/sda\nRW 1 FLAT"))),
    expect: /line break/,
    opens: true,
  },
];

for (const hostile of HOSTILE) {
  test(`hostile link: ${hostile.name}`, async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await openPage(page, hostile.link());
    if (hostile.opens) {
      await expect(page.locator("body")).toContainText(hostile.expect);
      await expect(page.getByRole("button", { name: "Download zip" })).toBeVisible();
    } else {
      const alert = page.getByRole("alert");
      await expect(alert).toContainText("This share link cannot be opened");
      await expect(alert).toContainText(hostile.expect);
    }
    if (hostile.name.startsWith("markup")) {
      await expect(page.locator("img[src='x']")).toHaveCount(0);
      await expect(page.getByText(/Error: /).first()).toBeAttached();
    }
    if (hostile.name.includes("device path")) {
      await expect(page.getByRole("button", { name: "Download zip" })).toBeDisabled();
    }
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(
      await page.evaluate(
        () =>
          (({}) as Record<string, unknown>).polluted === undefined &&
          !Object.prototype.hasOwnProperty.call(Object.prototype, "polluted"),
      ),
    ).toBe(true);
    if (!hostile.opens) {
      // The planner still works.
      await page.getByRole("button", { name: "Try the example" }).click();
      await expect(page.getByRole("table").first()).toContainText("125,831,168");
    }
    expect(errors).toEqual([]);
  });
}
