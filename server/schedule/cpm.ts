import { WorkCalendar, type CalendarSpec } from "./calendar";

/**
 * The critical-path scheduler (SPEC 6, a contract), pure: tasks and
 * dependencies in, working-day offsets, floats and dates out, in
 * O(tasks + dependencies). Conventions: docs/decisions/005-scheduling.md.
 */
export const DEPENDENCY_TYPES = ["FS", "SS", "FF", "SF"] as const;
export type DependencyType = (typeof DEPENDENCY_TYPES)[number];
export const TASK_STATUSES = ["todo", "in_progress", "done", "blocked"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskInput {
  id: string;
  parent: string | null;
  /** Working days; 0 is a milestone. */
  duration: number;
  startNoEarlierThan: string | null;
  /** 0–100. */
  progress: number;
  status: TaskStatus;
}

export interface DependencyInput {
  /** The predecessor. */
  from: string;
  /** The successor. */
  to: string;
  type: DependencyType;
  /** Working days, may be negative. */
  lag: number;
}

export interface ScheduleInput {
  start: string;
  launch: string;
  calendar: CalendarSpec;
  tasks: TaskInput[];
  dependencies: DependencyInput[];
  /** Project as of this date: unfinished work cannot happen before it. */
  asOf?: string;
}

export interface ScheduledTask {
  id: string;
  summary: boolean;
  es: number;
  ef: number;
  ls: number;
  lf: number;
  total_float: number;
  free_float: number;
  critical: boolean;
  start: string;
  finish: string;
}

export interface Schedule {
  start: string;
  launch: string;
  as_of: string | null;
  /** The date of the last working day of the project. */
  finish: string;
  /** F: the project's finish offset (max ef). */
  finish_offset: number;
  slack_to_launch: number;
  critical_path: string[];
  tasks: ScheduledTask[];
}

/** A dependency cycle, named in order: `a → b → c → a`. */
export class CycleError extends Error {
  constructor(readonly cycle: string[]) {
    super(`the dependencies form a cycle: ${[...cycle, cycle[0]].join(" → ")}`);
    this.name = "CycleError";
  }
}

/** Tasks or dependencies that do not make a plan (unknown ids, links to summary tasks…). */
export class PlanError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
    this.name = "PlanError";
  }
}

const NONE = -1;
const TYPE_CODE: Record<DependencyType, number> = { FS: 0, SS: 1, FF: 2, SF: 3 };

export function schedule(input: ScheduleInput): Schedule {
  const { tasks, dependencies } = input;
  const n = tasks.length;
  const index = new Map<string, number>();
  const problems: string[] = [];
  tasks.forEach((task, i) => {
    if (index.has(task.id)) problems.push(`task "${task.id}" appears twice`);
    index.set(task.id, i);
  });

  // The tree: parents, children, and which tasks are summaries.
  const parent = new Int32Array(n).fill(NONE);
  const childCount = new Int32Array(n);
  tasks.forEach((task, i) => {
    if (task.parent === null) return;
    const p = index.get(task.parent);
    if (p === undefined) problems.push(`task "${task.id}": parent "${task.parent}" is not a task`);
    else if (p === i) problems.push(`task "${task.id}" is its own parent`);
    else {
      parent[i] = p;
      childCount[p]! += 1;
    }
  });
  const summary = (i: number) => childCount[i]! > 0;

  // Dependencies as compressed adjacency lists (predecessor → successors and back).
  const m = dependencies.length;
  const depFrom = new Int32Array(m);
  const depTo = new Int32Array(m);
  const depType = new Uint8Array(m);
  const depLag = new Int32Array(m);
  const outCount = new Int32Array(n + 1);
  const inCount = new Int32Array(n + 1);
  for (let k = 0; k < m; k++) {
    const dep = dependencies[k]!;
    const from = index.get(dep.from);
    const to = index.get(dep.to);
    if (from === undefined || to === undefined) {
      problems.push(`dependency ${dep.from} → ${dep.to}: "${from === undefined ? dep.from : dep.to}" is not a task`);
      continue;
    }
    if (from === to) problems.push(`task "${dep.from}" depends on itself`);
    else if (childCount[from]! > 0 || childCount[to]! > 0) {
      problems.push(`dependency ${dep.from} → ${dep.to}: dependencies join leaf tasks, not summary tasks`);
    }
    depFrom[k] = from;
    depTo[k] = to;
    depType[k] = TYPE_CODE[dep.type];
    depLag[k] = dep.lag;
    outCount[from + 1]! += 1;
    inCount[to + 1]! += 1;
  }
  if (problems.length) throw new PlanError(problems);
  for (let i = 0; i < n; i++) {
    outCount[i + 1]! += outCount[i]!;
    inCount[i + 1]! += inCount[i]!;
  }
  const outDeps = new Int32Array(m);
  const inDeps = new Int32Array(m);
  const outFill = outCount.slice(0, n);
  const inFill = inCount.slice(0, n);
  for (let k = 0; k < m; k++) {
    outDeps[outFill[depFrom[k]!]!++] = k;
    inDeps[inFill[depTo[k]!]!++] = k;
  }

  // Topological order of the tasks (Kahn); what is left over lies on or behind a cycle.
  const order = new Int32Array(n);
  const indegree = new Int32Array(n);
  for (let i = 0; i < n; i++) indegree[i] = inCount[i + 1]! - inCount[i]!;
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (indegree[i] === 0) order[tail++] = i;
  while (head < tail) {
    const v = order[head++]!;
    for (let e = outCount[v]!; e < outCount[v + 1]!; e++) {
      const s = depTo[outDeps[e]!]!;
      if (--indegree[s]! === 0) order[tail++] = s;
    }
  }
  if (tail < n) throw new CycleError(findCycle(n, indegree, outCount, outDeps, depTo).map((i) => tasks[i]!.id));

  const calendar = new WorkCalendar(input.start, input.calendar);
  const asOf = input.asOf === undefined ? null : calendar.offsetOf(input.asOf);

  // Durations and start floors, after the projection (ADR 005).
  const duration = new Int32Array(n);
  const floor = new Int32Array(n);
  const pinned = new Uint8Array(n); // done, in a projection: finished, nothing moves it
  tasks.forEach((task, i) => {
    duration[i] = summary(i) ? 0 : task.duration;
    floor[i] = task.startNoEarlierThan ? calendar.offsetOf(task.startNoEarlierThan) : 0;
    if (asOf === null || summary(i)) return;
    if (task.status === "done") {
      pinned[i] = 1;
      duration[i] = 0;
      floor[i] = asOf;
    } else if (task.status === "in_progress") {
      duration[i] = Math.ceil((task.duration * (100 - task.progress)) / 100);
      floor[i] = Math.max(floor[i]!, asOf);
    } else {
      floor[i] = Math.max(floor[i]!, asOf);
    }
  });

  // Forward pass: the earliest start that meets every predecessor's constraint.
  const es = new Int32Array(n);
  const ef = new Int32Array(n);
  let finish = 0;
  for (let o = 0; o < n; o++) {
    const v = order[o]!;
    if (summary(v)) continue;
    let start = floor[v]!;
    if (!pinned[v]) {
      for (let e = inCount[v]!; e < inCount[v + 1]!; e++) {
        const k = inDeps[e]!;
        const p = depFrom[k]!;
        const lag = depLag[k]!;
        let bound: number;
        switch (depType[k]) {
          case 0: bound = ef[p]! + lag; break; // FS
          case 1: bound = es[p]! + lag; break; // SS
          case 2: bound = ef[p]! + lag - duration[v]!; break; // FF
          default: bound = es[p]! + lag - duration[v]!; // SF
        }
        if (bound > start) start = bound;
      }
    }
    es[v] = start;
    ef[v] = start + duration[v]!;
    if (ef[v]! > finish) finish = ef[v]!;
  }

  // Backward pass from F: the latest finish that keeps every successor on time.
  const ls = new Int32Array(n);
  const lf = new Int32Array(n);
  const freeFloat = new Int32Array(n);
  for (let o = n - 1; o >= 0; o--) {
    const v = order[o]!;
    if (summary(v)) continue;
    let late = finish;
    let free = finish - ef[v]!;
    for (let e = outCount[v]!; e < outCount[v + 1]!; e++) {
      const k = outDeps[e]!;
      const s = depTo[k]!;
      const lag = depLag[k]!;
      let bound: number;
      let slack: number;
      switch (depType[k]) {
        case 0: bound = ls[s]! - lag; slack = es[s]! - lag - ef[v]!; break; // FS
        case 1: bound = ls[s]! - lag + duration[v]!; slack = es[s]! - lag - es[v]!; break; // SS
        case 2: bound = lf[s]! - lag; slack = ef[s]! - lag - ef[v]!; break; // FF
        default: bound = lf[s]! - lag + duration[v]!; slack = ef[s]! - lag - es[v]!; // SF
      }
      if (bound < late) late = bound;
      if (slack < free) free = slack;
    }
    lf[v] = late;
    ls[v] = late - duration[v]!;
    freeFloat[v] = free;
  }

  // Summary tasks roll up their descendants: children before parents (deepest first).
  const critical = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (!summary(i)) critical[i] = ls[i] === es[i] ? 1 : 0;
  /** A summary's total float: the least of its descendants'. */
  const floatOf = new Int32Array(n);
  if (tasks.some((task) => task.parent !== null)) {
    const depth = new Int32Array(n);
    let deepest = 0;
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let p = parent[i]!; p !== NONE; p = parent[p]!) {
        if (++d > n) throw new PlanError([`task "${tasks[i]!.id}": its parents form a loop`]);
      }
      depth[i] = d;
      if (d > deepest) deepest = d;
    }
    const byDepth: number[][] = Array.from({ length: deepest + 1 }, () => []);
    for (let i = 0; i < n; i++) byDepth[depth[i]!]!.push(i);
    const rolled = new Uint8Array(n);
    for (let d = deepest; d > 0; d--) {
      for (const i of byDepth[d]!) {
        const p = parent[i]!;
        const tf = summary(i) ? floatOf[i]! : ls[i]! - es[i]!;
        if (!rolled[p]) {
          rolled[p] = 1;
          es[p] = es[i]!;
          ef[p] = ef[i]!;
          ls[p] = ls[i]!;
          lf[p] = lf[i]!;
          freeFloat[p] = freeFloat[i]!;
          critical[p] = critical[i]!;
          floatOf[p] = tf;
          continue;
        }
        es[p] = Math.min(es[p]!, es[i]!);
        ef[p] = Math.max(ef[p]!, ef[i]!);
        ls[p] = Math.min(ls[p]!, ls[i]!);
        lf[p] = Math.max(lf[p]!, lf[i]!);
        freeFloat[p] = Math.min(freeFloat[p]!, freeFloat[i]!);
        floatOf[p] = Math.min(floatOf[p]!, tf);
        if (critical[i]) critical[p] = 1;
      }
    }
  }

  let lastDay = 0;
  const scheduled: ScheduledTask[] = tasks.map((task, i) => {
    const isSummary = summary(i);
    const totalFloat = isSummary ? floatOf[i]! : ls[i]! - es[i]!;
    const lastOffset = ef[i]! > es[i]! ? ef[i]! - 1 : es[i]!;
    if (!isSummary && lastOffset > lastDay) lastDay = lastOffset;
    return {
      id: task.id,
      summary: isSummary,
      es: es[i]!,
      ef: ef[i]!,
      ls: ls[i]!,
      lf: lf[i]!,
      total_float: totalFloat,
      free_float: freeFloat[i]!,
      critical: critical[i] === 1,
      start: calendar.dateOf(es[i]!),
      finish: calendar.dateOf(lastOffset),
    };
  });

  const criticalPath = scheduled
    .map((task, i) => ({ task, i }))
    .filter(({ task }) => task.critical && !task.summary)
    .sort((a, b) => a.task.es - b.task.es || a.task.ef - b.task.ef || a.i - b.i)
    .map(({ task }) => task.id);

  return {
    start: input.start,
    launch: input.launch,
    as_of: input.asOf ?? null,
    finish: calendar.dateOf(lastDay),
    finish_offset: finish,
    slack_to_launch: calendar.offsetOf(input.launch) - finish,
    critical_path: criticalPath,
    tasks: scheduled,
  };
}

/** One cycle among the tasks Kahn's algorithm could not order, in dependency order. */
function findCycle(n: number, indegree: Int32Array, outCount: Int32Array, outDeps: Int32Array, depTo: Int32Array): number[] {
  const state = new Uint8Array(n); // 0 unseen, 1 on the path, 2 done
  const onPath: number[] = [];
  for (let startNode = 0; startNode < n; startNode++) {
    if (indegree[startNode] === 0 || state[startNode] !== 0) continue;
    // Iterative DFS over the unresolved part of the graph.
    const stack: { v: number; e: number }[] = [{ v: startNode, e: outCount[startNode]! }];
    state[startNode] = 1;
    onPath.push(startNode);
    while (stack.length) {
      const frame = stack[stack.length - 1]!;
      if (frame.e < outCount[frame.v + 1]!) {
        const s = depTo[outDeps[frame.e++]!]!;
        if (indegree[s] === 0) continue;
        if (state[s] === 1) return onPath.slice(onPath.indexOf(s));
        if (state[s] === 0) {
          state[s] = 1;
          onPath.push(s);
          stack.push({ v: s, e: outCount[s]! });
        }
      } else {
        state[frame.v] = 2;
        onPath.pop();
        stack.pop();
      }
    }
  }
  return [];
}
