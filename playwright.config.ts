import { defineConfig } from "@playwright/test";
import { CHROMIUM_PATH, chromiumArgs } from "./scripts/chromium.ts";

const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    acceptDownloads: true,
    // Debian's Chromium (Playwright cannot download its own here): scripts/chromium.ts.
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: chromiumArgs("--disable-quic", "--disable-component-update", "--disable-sync"),
    },
  },
  // e2e tests run against the production build (npm test builds first).
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
