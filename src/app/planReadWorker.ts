/**
 * Reads a big plan off the page (planReader.ts, docs/big-plans.md): receives a plan file's text
 * or a share link and answers with the plan and its JSON, or the issues that refuse it.
 */
import { readHere, type ReadRequest, type ReadResponse, type ReadResult } from "./planReader.ts";

addEventListener("message", (event: MessageEvent<ReadRequest>) => {
  const request = event.data;
  void readHere(request)
    .catch((e: unknown): ReadResult => ({
      ok: false,
      error: `The plan could not be read (${e instanceof Error ? e.message : String(e)}).`,
      issues: [],
    }))
    .then((result) => {
      const response: ReadResponse = { id: request.id, result };
      postMessage(response);
    });
});
