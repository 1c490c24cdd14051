import { describe, expect, it } from "vitest";
import {
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
      '<div id="root"><main><!--!$e0--><p>$& stays</p><!--!$/e0--></main></div>',
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
