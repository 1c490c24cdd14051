/**
 * How Playwright starts Debian's Chromium here, for the e2e tests (playwright.config.ts) and
 * the start-up benchmark (scripts/bench-startup.ts). Each switch says why here; docs/startup.md
 * ("The browser the benchmark runs") says what the hidden browser UI cost every measurement.
 */

/** Debian's Chromium: Playwright cannot download its own browsers on this machine. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * The features Playwright 1.65 disables itself (playwright-core's chromiumSwitches.ts).
 * Chromium keeps only the last `--disable-features` it is given, so a list of ours has to
 * repeat them; chromium.test.ts fails when a Playwright update adds one.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  "AvoidUnnecessaryBeforeUnloadCheckSync",
  "DestroyProfileOnBrowserClose",
  "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable",
  "LensOverlay",
  "MediaRouter",
  "PaintHolding",
  "ThirdPartyStoragePartitioning",
  "AvoidCorsURLLoaderRestartOnRedirect",
  "TcpPortRandomizationWin",
  "OptimizationHints",
  "NetworkTimeServiceQuerying",
  "AimEnabled",
  "PreconnectToSearch",
  "msForceBrowserSignIn",
  "msEdgeUpdateLaunchServicesPreferredVersion",
] as const;

/**
 * Hidden browser UI. Headless Chromium 156 opens each new browser context in a window of its
 * own, and each window loads the address bar's drop-down (two chrome://omnibox-popup pages)
 * in a renderer of its own: about 1.4 s of CPU per context, nearly all of it during the first
 * page's load. On a two-core machine that is one core taken from the page being measured.
 */
export const HIDDEN_UI_FEATURES = [
  "WebUIOmniboxPopup",
  "WebUIOmniboxAimPopup",
  "WebUIOmniboxFullPopup",
  "PreloadTopChromeWebUI",
] as const;

/** Switches for every launch: as root Chromium needs --no-sandbox; no GPU, no first-run UI. */
export function chromiumArgs(...extra: string[]): string[] {
  return [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...HIDDEN_UI_FEATURES].join(",")}`,
    ...extra,
  ];
}
