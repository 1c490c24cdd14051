/**
 * A module worker that answers requests (the listing parser, the plan checker): requests go in,
 * answers come back through `onResult`, and `onFailure` says it stopped working. Returns null
 * where no worker can start (a page opened from file://, no Worker at all).
 */
export interface WorkerHandle<Request> {
  post: (request: Request) => void;
  stop: () => void;
}

/** Starts a worker, or returns null where none can run. */
export type SpawnWorker<Request, Response> = (
  onResult: (response: Response) => void,
  onFailure: () => void,
) => WorkerHandle<Request> | null;

/**
 * `create` makes the Worker: `new Worker(new URL("./x.ts", import.meta.url), { type: "module" })`
 * written at the caller, where the bundler finds the worker's file.
 */
export function startModuleWorker<Request, Response>(
  create: () => Worker,
  onResult: (response: Response) => void,
  onFailure: () => void,
): WorkerHandle<Request> | null {
  if (typeof Worker === "undefined") return null;
  try {
    const worker = create();
    worker.onmessage = (event: MessageEvent<Response>) => onResult(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      onFailure();
    };
    worker.onmessageerror = () => onFailure();
    return { post: (request) => worker.postMessage(request), stop: () => worker.terminate() };
  } catch {
    // A page opened from disk may not start workers at all.
    return null;
  }
}
