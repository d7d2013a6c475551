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

/*
 * A dependency joins one side (start or finish) of its predecessor to one side
 * of its successor: `side(s) ≥ side(p) + lag` (ADR 005). The passes keep each
 * task's two sides next to each other (`2i` start, `2i + 1` finish), so the four
 * types are index arithmetic rather than branches.
 */
const START = 0;
const FINISH = 1;

/*
 * Each phase is its own function over typed arrays by task index: V8 compiles
 * a small function in a millisecond or two, where one long function took tens
 * and was compiled again for each hot loop, so a big plan's first schedules ran
 * mostly unoptimized.
 */
export function schedule(input: ScheduleInput): Schedule {
  const { tasks } = input;
  const n = tasks.length;
  const graph = readPlan(tasks, input.dependencies);
  const order = topologicalOrder(graph);
  if (order.length < n) throw new CycleError(findCycle(n, graph.indegree, graph.outStart, graph.outCode).map((i) => tasks[i]!.id));

  const calendar = new WorkCalendar(input.start, input.calendar);
  const asOf = input.asOf === undefined ? null : calendar.offsetOf(input.asOf);
  const work = project(tasks, graph.childCount, calendar, asOf);
  const early = new Int32Array(2 * n); // es at 2i, ef at 2i + 1
  const late = new Int32Array(2 * n); // ls at 2i, lf at 2i + 1
  const freeFloat = new Int32Array(n);
  const finish = forwardPass(graph, order, work, early);
  backwardPass(graph, order, work, finish, early, late, freeFloat);
  const { critical, floatOf } = rollUp(tasks, graph, early, late, freeFloat);

  let lastDay = 0;
  const scheduled: ScheduledTask[] = [];
  /** The critical leaf tasks, by index. */
  const onPath: number[] = [];
  for (let i = 0; i < n; i++) {
    const isSummary = graph.childCount[i]! > 0;
    const es = early[2 * i]!;
    const ef = early[2 * i + 1]!;
    const ls = late[2 * i]!;
    const lastOffset = ef > es ? ef - 1 : es;
    if (!isSummary) {
      if (lastOffset > lastDay) lastDay = lastOffset;
      if (critical[i]) onPath.push(i);
    }
    scheduled.push({
      id: tasks[i]!.id,
      summary: isSummary,
      es,
      ef,
      ls,
      lf: late[2 * i + 1]!,
      total_float: isSummary ? floatOf[i]! : ls - es,
      free_float: freeFloat[i]!,
      critical: critical[i] === 1,
      start: calendar.dateOf(es),
      finish: calendar.dateOf(lastOffset),
    });
  }
  onPath.sort((a, b) => early[2 * a]! - early[2 * b]! || early[2 * a + 1]! - early[2 * b + 1]! || a - b);

  return {
    start: input.start,
    launch: input.launch,
    as_of: input.asOf ?? null,
    finish: calendar.dateOf(lastDay),
    finish_offset: finish,
    slack_to_launch: calendar.offsetOf(input.launch) - finish,
    critical_path: onPath.map((i) => tasks[i]!.id),
    tasks: scheduled,
  };
}

/** The tasks and dependencies by index: the tree, and the dependencies as a compressed adjacency list. */
interface Graph {
  parent: Int32Array;
  /** A task with children is a summary. */
  childCount: Int32Array;
  hasParents: boolean;
  /** Task i's dependencies on its successors are at `outStart[i]` … `outStart[i + 1] - 1`. */
  outStart: Int32Array;
  /**
   * Per dependency, `4s + 2·side + from`: the successor s, the side of s it
   * constrains (so `code >> 1` indexes that side), and whether it counts from
   * the predecessor's start (1) or finish (0). With the lag, all a pass reads.
   */
  outCode: Int32Array;
  outLag: Int32Array;
  indegree: Int32Array;
}

/** Ids to indexes, checked; a PlanError names every problem found. */
function readPlan(tasks: TaskInput[], dependencies: DependencyInput[]): Graph {
  const n = tasks.length;
  const index = new Map<string, number>();
  const problems: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = tasks[i]!.id;
    const size = index.size;
    index.set(id, i);
    if (index.size === size) problems.push(`task "${id}" appears twice`);
  }

  const parent = new Int32Array(n).fill(NONE);
  const childCount = new Int32Array(n);
  let hasParents = false;
  for (let i = 0; i < n; i++) {
    const task = tasks[i]!;
    if (task.parent === null) continue;
    hasParents = true;
    const p = index.get(task.parent);
    if (p === undefined) problems.push(`task "${task.id}": parent "${task.parent}" is not a task`);
    else if (p === i) problems.push(`task "${task.id}" is its own parent`);
    else {
      parent[i] = p;
      childCount[p]! += 1;
    }
  }

  const m = dependencies.length;
  const depFrom = new Int32Array(m);
  const depCode = new Int32Array(m);
  const depLag = new Int32Array(m);
  const outStart = new Int32Array(n + 1);
  const indegree = new Int32Array(n);
  for (let k = 0; k < m; k++) {
    const dep = dependencies[k]!;
    const from = index.get(dep.from);
    const to = index.get(dep.to);
    if (from === undefined || to === undefined) {
      problems.push(`dependency ${dep.from} → ${dep.to}: "${from === undefined ? dep.from : dep.to}" is not a task`);
      continue;
    }
    if (from === to) problems.push(`task "${dep.from}" depends on itself`);
    else if (hasParents && (childCount[from]! > 0 || childCount[to]! > 0)) {
      problems.push(`dependency ${dep.from} → ${dep.to}: dependencies join leaf tasks, not summary tasks`);
    }
    depFrom[k] = from;
    depCode[k] = 4 * to + sideBits(dep.type);
    depLag[k] = dep.lag;
    outStart[from + 1]! += 1;
    indegree[to]! += 1;
  }
  if (problems.length) throw new PlanError(problems);

  for (let i = 0; i < n; i++) outStart[i + 1]! += outStart[i]!;
  const outCode = new Int32Array(m);
  const outLag = new Int32Array(m);
  const fill = outStart.slice(0, n);
  for (let k = 0; k < m; k++) {
    const e = fill[depFrom[k]!]!++;
    outCode[e] = depCode[k]!;
    outLag[e] = depLag[k]!;
  }
  return { parent, childCount, hasParents, outStart, outCode, outLag, indegree };
}

/** The low bits of a dependency's code (see `Graph`): the successor's side, and 1 if it counts from the predecessor's start. */
function sideBits(type: DependencyType): number {
  switch (type) {
    case "SS":
      return 2 * START + 1;
    case "FF":
      return 2 * FINISH;
    case "SF":
      return 2 * FINISH + 1;
    default:
      return 2 * START; // FS
  }
}

/**
 * Kahn's algorithm. It consumes `indegree`: if the order comes out short, the
 * tasks left with predecessors lie on or behind a cycle.
 */
function topologicalOrder({ outStart, outCode, indegree }: Graph): Int32Array {
  const n = indegree.length;
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (indegree[i] === 0) order[tail++] = i;
  while (head < tail) {
    const v = order[head++]!;
    for (let e = outStart[v]!, end = outStart[v + 1]!; e < end; e++) {
      const s = outCode[e]! >> 2;
      if (--indegree[s]! === 0) order[tail++] = s;
    }
  }
  return tail < n ? order.subarray(0, tail) : order;
}

interface Work {
  duration: Int32Array;
  floor: Int32Array;
  /** Done, in a projection: finished, nothing moves it. */
  pinned: Uint8Array;
}

/** Durations and start floors, after the projection (ADR 005). */
function project(tasks: TaskInput[], childCount: Int32Array, calendar: WorkCalendar, asOf: number | null): Work {
  const n = tasks.length;
  const duration = new Int32Array(n);
  const floor = new Int32Array(n);
  const pinned = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const task = tasks[i]!;
    const isSummary = childCount[i]! > 0;
    duration[i] = isSummary ? 0 : task.duration;
    floor[i] = task.startNoEarlierThan ? calendar.offsetOf(task.startNoEarlierThan) : 0;
    if (asOf === null || isSummary) continue;
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
  }
  return { duration, floor, pinned };
}

/**
 * Forward pass, in topological order: each task takes the earliest start its
 * floor and its predecessors' constraints allow, then constrains its
 * successors. `need` holds the most each side of a task must wait for; a
 * constraint on a finish bounds the start by that less the duration. Returns F.
 */
function forwardPass({ childCount, outStart, outCode, outLag }: Graph, order: Int32Array, { duration, floor, pinned }: Work, early: Int32Array): number {
  const n = order.length;
  const need = new Float64Array(2 * n).fill(-Infinity);
  let finish = 0;
  for (let o = 0; o < n; o++) {
    const v = order[o]!;
    if (childCount[v]! > 0) continue;
    const d = duration[v]!;
    const start = pinned[v] ? floor[v]! : Math.max(floor[v]!, need[2 * v]!, need[2 * v + 1]! - d);
    const end = start + d;
    early[2 * v] = start;
    early[2 * v + 1] = end;
    if (end > finish) finish = end;
    // Finished work (done, in a projection) holds nothing back: its lags ran in the past.
    if (pinned[v]) continue;
    for (let e = outStart[v]!, last = outStart[v + 1]!; e < last; e++) {
      const code = outCode[e]!;
      const bound = end - (d & -(code & 1)) + outLag[e]!; // from this task's start (end − d) or its finish
      const side = code >> 1;
      if (bound > need[side]!) need[side] = bound;
    }
  }
  return finish;
}

/**
 * Backward pass from F: the latest finish that keeps every successor on time,
 * and the free float (how far a finish may slip before a successor moves). A
 * constraint from a task's start bounds its finish by that plus its duration.
 */
function backwardPass(
  { childCount, outStart, outCode, outLag }: Graph,
  order: Int32Array,
  { duration, pinned }: Work,
  finish: number,
  early: Int32Array,
  late: Int32Array,
  freeFloat: Int32Array,
) {
  for (let o = order.length - 1; o >= 0; o--) {
    const v = order[o]!;
    if (childCount[v]! > 0) continue;
    const d = duration[v]!;
    let latestFinish = finish;
    /** The latest finish that moves no successor's earliest dates. */
    let freeFinish = finish;
    // Finished work constrains no successor (see the forward pass), so nothing bounds it but F.
    for (let e = pinned[v] ? 0 : outStart[v]!, last = pinned[v] ? 0 : outStart[v + 1]!; e < last; e++) {
      const code = outCode[e]!;
      const side = code >> 1;
      const shift = (d & -(code & 1)) - outLag[e]!; // + d when it counts from this task's start
      const bound = late[side]! + shift;
      const free = early[side]! + shift;
      if (bound < latestFinish) latestFinish = bound;
      if (free < freeFinish) freeFinish = free;
    }
    late[2 * v] = latestFinish - d;
    late[2 * v + 1] = latestFinish;
    freeFloat[v] = freeFinish - early[2 * v + 1]!;
  }
}

/** Which tasks are critical; summary tasks roll up their descendants, children before parents (deepest first). */
function rollUp(tasks: TaskInput[], { parent, childCount, hasParents }: Graph, early: Int32Array, late: Int32Array, freeFloat: Int32Array) {
  const n = tasks.length;
  const critical = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (childCount[i] === 0) critical[i] = late[2 * i] === early[2 * i] ? 1 : 0;
  /** A summary's total float: the least of its descendants'. */
  const floatOf = new Int32Array(n);
  if (!hasParents) return { critical, floatOf };
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
      const tf = childCount[i]! > 0 ? floatOf[i]! : late[2 * i]! - early[2 * i]!;
      if (!rolled[p]) {
        rolled[p] = 1;
        early[2 * p] = early[2 * i]!;
        early[2 * p + 1] = early[2 * i + 1]!;
        late[2 * p] = late[2 * i]!;
        late[2 * p + 1] = late[2 * i + 1]!;
        freeFloat[p] = freeFloat[i]!;
        critical[p] = critical[i]!;
        floatOf[p] = tf;
        continue;
      }
      early[2 * p] = Math.min(early[2 * p]!, early[2 * i]!);
      early[2 * p + 1] = Math.max(early[2 * p + 1]!, early[2 * i + 1]!);
      late[2 * p] = Math.min(late[2 * p]!, late[2 * i]!);
      late[2 * p + 1] = Math.max(late[2 * p + 1]!, late[2 * i + 1]!);
      freeFloat[p] = Math.min(freeFloat[p]!, freeFloat[i]!);
      floatOf[p] = Math.min(floatOf[p]!, tf);
      if (critical[i]) critical[p] = 1;
    }
  }
  return { critical, floatOf };
}

/** One cycle among the tasks Kahn's algorithm could not order, in dependency order. */
function findCycle(n: number, indegree: Int32Array, outStart: Int32Array, outCode: Int32Array): number[] {
  const state = new Uint8Array(n); // 0 unseen, 1 on the path, 2 done
  const onPath: number[] = [];
  for (let startNode = 0; startNode < n; startNode++) {
    if (indegree[startNode] === 0 || state[startNode] !== 0) continue;
    // Iterative DFS over the unresolved part of the graph.
    const stack: { v: number; e: number }[] = [{ v: startNode, e: outStart[startNode]! }];
    state[startNode] = 1;
    onPath.push(startNode);
    while (stack.length) {
      const frame = stack[stack.length - 1]!;
      if (frame.e < outStart[frame.v + 1]!) {
        const s = outCode[frame.e++]! >> 2;
        if (indegree[s] === 0) continue;
        if (state[s] === 1) return onPath.slice(onPath.indexOf(s));
        if (state[s] === 0) {
          state[s] = 1;
          onPath.push(s);
          stack.push({ v: s, e: outStart[s]! });
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
