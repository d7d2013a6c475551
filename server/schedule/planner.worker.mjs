// The plan worker's entry (./planner.ts): Node runs a worker's entry as JavaScript, so this registers tsx, as bin/greenlight.mjs does, then loads the worker itself.
import { register } from "tsx/esm/api";

register();
await import("./planner.worker.ts");
