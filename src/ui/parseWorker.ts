/**
 * The listing parser in a worker: a big paste is read here while the page keeps answering.
 * It receives `{ id, text }` and answers `{ id, result }` with `parseListing(text)`: plain
 * objects, strings and bigints, which the structured clone carries as they are.
 */
import { parseListing } from "../lib/listing/index.ts";
import type { ParseRequest, ParseResponse } from "./listingReader.ts";

addEventListener("message", (event: MessageEvent<ParseRequest>) => {
  const { id, text } = event.data;
  const response: ParseResponse = { id, result: parseListing(text) };
  postMessage(response);
});
