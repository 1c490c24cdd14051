/**
 * The first screen as HTML, for index.html (scripts/prerender-plugin.ts runs this at build
 * time with Solid's server renderer). It is the app's own first render: no planner yet, an
 * empty listing, steps 2–4 waiting for the planner.
 */
import { renderToString } from "solid-js/web";
import { App } from "./ui/App.tsx";

export const renderFirstScreen = (): string => renderToString(() => <App />);
