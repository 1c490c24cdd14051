import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import {
  inlineStart,
  inlineStylesheet,
  insertFirstScreen,
  renderFirstScreen,
  ROOT_ELEMENT,
} from "./prerender-plugin.ts";

const PAGE = `<head><link rel="stylesheet" crossorigin href="./assets/index-abc.css"></head>
<body>${ROOT_ELEMENT}</body>`;

describe("insertFirstScreen", () => {
  it("fills the empty root, keeping the markers hydration walks by", () => {
    const page = insertFirstScreen(PAGE, "<main><!--!$e0--><p>$& stays</p><!--!$/e0--></main>");
    expect(page).toContain(
      '<div id="root" class="first-frame"><main><!--!$e0--><p>$& stays</p><!--!$/e0--></main></div>',
    );
  });

  it("refuses a page without the empty root", () => {
    expect(() => insertFirstScreen("<body><div id=app></div></body>", "<p>x</p>")).toThrow(
      /no <div id="root"><\/div>/,
    );
  });
});

describe("inlineStylesheet", () => {
  it("puts the linked stylesheet in a <style>, unable to close it early", () => {
    const css = "a::after{content:'</style>'}";
    const page = inlineStylesheet(PAGE, "assets/index-abc.css", css, false);
    expect(page).toContain("<head><style>a::after{content:'<\\/style>'}</style></head>");
    expect(page).not.toContain("<link");
  });

  it("leaves the link disabled, never fetched, for Vite's loader of lazy chunks to see", () => {
    const page = inlineStylesheet(PAGE, "assets/index-abc.css", "a{}");
    expect(page).toContain(
      '<head><style>a{}</style><link rel="stylesheet" href="./assets/index-abc.css" disabled></head>',
    );
  });

  it("leaves a stylesheet the page does not link (a lazy chunk's) alone", () => {
    expect(inlineStylesheet(PAGE, "assets/planner-xyz.css", "b{}")).toBeNull();
  });
});

describe("renderFirstScreen", () => {
  it("renders the app's first screen: the warning, the labelled paste box, steps waiting", async () => {
    const html = await renderFirstScreen();
    expect(html).toContain("Raw disk access can destroy data if a range is wrong.");
    expect(html).toMatch(/<label for="listing">Partition listing<\/label>/);
    expect(html).toMatch(/<textarea id="listing"/);
    expect(html).toContain(">Try the example</button>");
    expect(html.match(/Loading the planner…/g)).toHaveLength(3);
  });
});

describe("inlineStart", () => {
  const BUILT = `<head><meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; script-src &#39;self&#39;; style-src &#39;self&#39;">
<script type="module" crossorigin src="./assets/main-abc.js"></script>
<link rel="modulepreload" crossorigin href="./assets/solid-def.js">
<link rel="modulepreload" crossorigin href="./assets/other-ghi.js">
</head>
<body><div id="root" class="first-frame"><main></main></div>
</body>`;
  const app = { fileName: "assets/main-abc.js", imports: ["assets/solid-def.js"] };

  it("replaces the app's script by the start, which the root tells where the app is", () => {
    const page = inlineStart(BUILT, app, "start()");
    expect(page).not.toContain('main-abc.js"></script>');
    expect(page).not.toContain("solid-def.js");
    // Only the app's own preloads go.
    expect(page).toContain('<link rel="modulepreload" crossorigin href="./assets/other-ghi.js">');
    expect(page).toContain(
      '<div id="root" class="first-frame" data-app="./assets/main-abc.js"><main></main></div>',
    );
    expect(page).toMatch(/<script type="module">start\(\)<\/script>\s*<\/body>/);
  });

  it("allows the start, and nothing else inline, by its hash", () => {
    const code = "start('</script>')";
    const page = inlineStart(BUILT, app, code);
    const inline = /<script type="module">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? "";
    expect(inline).toBe("start('<\\/script>')");
    const hash = createHash("sha256").update(inline).digest("base64");
    expect(page).toContain(
      `script-src &#39;self&#39; &#39;sha256-${hash}&#39;; style-src &#39;self&#39;`,
    );
  });

  it("refuses a page it cannot wire up rather than leave the app unstarted", () => {
    expect(() => inlineStart(BUILT.replace("main-abc", "main-xyz"), app, "s()")).toThrow(
      /no script tag for assets\/main-abc.js/,
    );
    expect(() => inlineStart(BUILT.replace(' class="first-frame"', ""), app, "s()")).toThrow(
      /no prerendered root/,
    );
    expect(() =>
      inlineStart(BUILT.replace("script-src &#39;self&#39;", "script-src x"), app, "s()"),
    ).toThrow(/script-src 'self'/);
  });
});
