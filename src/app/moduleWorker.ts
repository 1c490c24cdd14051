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

/** A worker asked for one thing at a time, where only the latest request matters. */
export interface LatestOnly<Body> {
  /** Asks for `body`: sent to the worker, or done on the page where no worker runs. */
  ask: (body: Body) => void;
  /** The request still waiting for its answer, or null. */
  waiting: () => Body | null;
  /** Drops the waiting request: its answer, when it comes, is ignored. */
  forget: () => void;
  stop: () => void;
}

/**
 * Runs requests through a worker where only the latest counts (the listing parser, the plan
 * checker): an answer to an older request is dropped; a worker still busy with an older
 * request is stopped and a fresh one started, since a request cannot be interrupted and a new
 * worker answers sooner; where no worker can start, or it fails, `onPage` does the work of the
 * waiting request instead, and every later one too.
 */
export function latestOnly<Body extends object, Answer extends { id: number }>(
  spawn: SpawnWorker<Body & { id: number }, Answer>,
  onAnswer: (body: Body, answer: Answer) => void,
  onPage: (body: Body) => void,
): LatestOnly<Body> {
  let worker: WorkerHandle<Body & { id: number }> | null = null;
  let failed = false;
  /** The worker is busy with a request, current or not. */
  let busy = false;
  let lastId = 0;
  let asked: { id: number; body: Body } | null = null;
  const stop = () => {
    worker?.stop();
    worker = null;
    busy = false;
  };
  const onResult = (answer: Answer) => {
    busy = false;
    if (asked?.id !== answer.id) return;
    const { body } = asked;
    asked = null;
    onAnswer(body, answer);
  };
  const onFailure = () => {
    stop();
    failed = true;
    const waiting = asked;
    asked = null;
    if (waiting) onPage(waiting.body);
  };
  return {
    ask: (body) => {
      if (worker && busy) stop();
      if (!worker && !failed) worker = spawn(onResult, onFailure);
      if (!worker) {
        failed = true;
        asked = null;
        return onPage(body);
      }
      asked = { id: ++lastId, body };
      busy = true;
      worker.post({ ...body, id: asked.id });
    },
    waiting: () => asked?.body ?? null,
    forget: () => {
      asked = null;
    },
    stop,
  };
}
