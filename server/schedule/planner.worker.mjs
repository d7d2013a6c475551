// The plan worker's entry from the source (./planner.ts; the build bundles the worker instead): Node runs a worker's entry as JavaScript, so this registers tsx, then loads the worker itself.
import { register } from "tsx/esm/api";

register();
await import("./planner.worker.ts");
