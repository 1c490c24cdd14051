/**
 * The script inline in the built index.html (scripts/prerender-plugin.ts builds it on its own
 * and puts it there; the page's Content-Security-Policy allows it by its hash). Inline, it runs
 * as soon as the page is parsed, before the first frame, without waiting for a file: the paste
 * box is the page's from the first paint on. It loads the app, whose script the root names,
 * after the first paint (src/boot.ts).
 */
import { bootPrerendered } from "./boot.ts";
import { APP_SCRIPT_ATTRIBUTE, loadAppScript } from "./startHandoff.ts";

const root = document.getElementById("root");
const appScript = root?.getAttribute(APP_SCRIPT_ATTRIBUTE);
if (root && appScript) bootPrerendered(root, () => loadAppScript(appScript));
