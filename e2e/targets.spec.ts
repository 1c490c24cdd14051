import { expect, test, type Page } from "@playwright/test";
import {
  downloadZip,
  expectNoAxeViolations,
  openVmOptions,
  unzipDownload,
  WORKED_EXAMPLE,
} from "./helpers.ts";

// Outputs per hypervisor (docs/targets.md): labelled checkboxes on the VM card, and the zip
// holds exactly the chosen files.

test.use({ bypassCSP: true });

const vmCard = (page: Page, name: string) => page.getByRole("article", { name, exact: true });

test("QEMU and device-mapper files for one VM only, chosen on its card", async ({
  page,
}, testInfo) => {
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
  await page.getByLabel("Partition listing").fill(WORKED_EXAMPLE);
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  const card = await openVmOptions(vmCard(page, "vm1"));
  const virtualbox = card.getByRole("checkbox", { name: "VirtualBox (any host)" });
  await expect(virtualbox).toBeChecked();
  await expect(virtualbox).toBeDisabled(); // the last chosen output cannot be unchecked
  await card.getByRole("checkbox", { name: "QEMU (run script)" }).check();
  await card.getByRole("checkbox", { name: "Linux device-mapper" }).check();
  await expect(virtualbox).toBeEnabled();
  await expectNoAxeViolations(page, "target checkboxes");

  const { download } = await downloadZip(page);
  const files = [...(await unzipDownload(download, testInfo)).keys()];
  expect(files).toEqual(
    expect.arrayContaining([
      "vm1/vm1.vmdk",
      "vm1/qemu/vm1.vmdk",
      "vm1/qemu/run-qemu.sh",
      "vm1/dm/table.txt",
      "vm1/dm/setup.sh",
      "vm1/dm/teardown.sh",
      "vm2/vm2.vmdk",
    ]),
  );
  expect(files.filter((f) => f.startsWith("vm2/qemu") || f.startsWith("vm2/dm"))).toEqual([]);
  expect(files).not.toContain("vm1/libvirt-disk.xml");
});

test("the review says which output suits which host and what the guest sees", async ({ page }) => {
  await page.goto("./");
  await expect(page.getByText("Loading the planner…")).toHaveCount(0);
  await page.getByLabel("Partition listing").fill(WORKED_EXAMPLE);
  await page.getByRole("option", { name: /^Partition 1 \(Disk #0, Partition #1\)/ }).click();
  await page.getByRole("button", { name: "Split", exact: true }).click();
  await (
    await openVmOptions(vmCard(page, "vm1"))
  )
    .getByRole("checkbox", { name: "QEMU (run script)" })
    .check();
  await page.getByText("Which hypervisor's files suit which host").click();
  const table = page.getByRole("table", { name: "vm1" });
  await expect(table.getByRole("row", { name: /VirtualBox \(chosen\)/ })).toContainText(
    "Windows, Linux or macOS",
  );
  const qemu = table.getByRole("row", { name: /QEMU \(chosen\)/ });
  await expect(qemu).toContainText("Linux (KVM)");
  // The worked example's VMs have a head file: QEMU gets its own descriptor, 512-byte sectors.
  await expect(qemu).toContainText("QEMU-only descriptor");
  await expect(qemu).toContainText("512 bytes");
  await expect(
    page.getByRole("table", { name: "vm2" }).getByRole("row", { name: /^QEMU/ }),
  ).not.toContainText("(chosen)");
  await expectNoAxeViolations(page, "target advice");
});
