import { Worker } from "node:worker_threads";
import { AppError } from "../../app/shared/errors";
import { checkPlan, previewPlan, type CheckedPlan, type PlanJob, type PreviewedPlan, type PreviewJob } from "./check";

/**
 * Where an imported WBS is parsed, validated and scheduled (./check.ts). The
 * server's planner is a worker thread, so a 30,000-task import does not hold
 * the event loop for a second (issue 14): only handing the job over and
 * taking the answer back happen on it, each on its own turn. Elsewhere (the
 * CLI, unit tests) the inline planner does the same work in the caller's thread.
 */
export interface Planner {
  check(job: PlanJob): Promise<CheckedPlan>;
  preview(job: PreviewJob): Promise<PreviewedPlan>;
  close(): Promise<void>;
}

export const inlinePlanner: Planner = {
  check: async (job) => checkPlan(job),
  preview: async (job) => previewPlan(job),
  close: async () => {},
};

/** What crosses to the worker and back (structured clone: an AppError goes as its fields). */
export type PlannerRequest = { id: number; kind: "check"; job: PlanJob } | { id: number; kind: "preview"; job: PreviewJob };
export type PlannerReply =
  | { ready: true }
  | { id: number; ok: true; result: CheckedPlan | PreviewedPlan }
  | { id: number; ok: false; refused: { status: AppError["status"]; code: string; message: string; details?: unknown } }
  | { id: number; ok: false; failed: string };

/** Defined (true) in the build (scripts/build.mjs); undeclared when the source runs under tsx or Vitest. */
declare const __GREENLIGHT_BUNDLE__: true | undefined;

/**
 * Node starts a worker on JavaScript only. The build bundles the worker
 * beside the CLI (build/server-cli/planner.worker.js); from the source
 * (Vitest, `npm run dev`) the entry is a small .mjs that registers tsx, then
 * loads the TypeScript worker.
 */
const ENTRY =
  typeof __GREENLIGHT_BUNDLE__ !== "undefined"
    ? new URL("../../build/server-cli/planner.worker.js", import.meta.url)
    : new URL("./planner.worker.mjs", import.meta.url);

/** A worker thread has a heap of its own: a hostile body that exhausts it ends the worker, not the server. */
const HEAP_MB = 512;

/**
 * Run `then` once the event loop has polled for I/O again: a message is
 * handled in the poll phase, and an immediate set there runs before the next
 * poll; one set from an immediate runs after it.
 */
const afterIo = (then: () => void) => setImmediate(() => setImmediate(then));

/**
 * Start the planner's worker and wait until it has loaded (a worker that
 * cannot start fails the server's start, not the first import). A worker
 * that dies fails the jobs it held; the next job starts a new one.
 */
export async function startPlanWorker({ heapMb = HEAP_MB }: { heapMb?: number } = {}): Promise<Planner> {
  type Pending = { resolve: (value: CheckedPlan | PreviewedPlan) => void; reject: (error: Error) => void };
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let current: Promise<Worker> | null = null;
  let closing = false;

  function start(): Promise<Worker> {
    const worker = new Worker(ENTRY, { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    const started = new Promise<Worker>((resolve, reject) => {
      worker.on("message", (reply: PlannerReply) => {
        if ("ready" in reply) return resolve(worker);
        const job = pending.get(reply.id);
        if (!job) return;
        pending.delete(reply.id);
        // Deserializing the answer (tens of ms for 30,000 tasks) and the write it leads to are two slices with I/O between.
        afterIo(() => {
          if (reply.ok) job.resolve(reply.result);
          else if ("refused" in reply) job.reject(new AppError(reply.refused.status, reply.refused.code, reply.refused.message, reply.refused.details));
          else job.reject(new Error(`the plan worker failed: ${reply.failed}`));
        });
      });
      const stopped = (why: string) => {
        if (current === started) current = null;
        const error = new Error(`the plan worker stopped: ${why}`);
        reject(error);
        for (const job of pending.values()) job.reject(error);
        pending.clear();
      };
      worker.once("error", (error) => stopped(error.message));
      worker.once("exit", (code) => stopped(`exit code ${code}`));
    });
    current = started;
    return started;
  }

  function run<T extends CheckedPlan | PreviewedPlan>(request: Omit<PlannerRequest, "id">): Promise<T> {
    if (closing) return Promise.reject(new Error("the plan worker is closed"));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as Pending["resolve"], reject });
      (current ?? start())
        .then((worker) => worker.postMessage({ ...request, id } as PlannerRequest))
        .catch((error: Error) => {
          pending.delete(id);
          reject(error);
        });
    });
  }

  await start();
  return {
    check: (job) => run<CheckedPlan>({ kind: "check", job }),
    preview: (job) => run<PreviewedPlan>({ kind: "preview", job }),
    close: async () => {
      closing = true;
      const worker = await current?.catch(() => null);
      await worker?.terminate();
    },
  };
}
