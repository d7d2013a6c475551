import type { TFunction } from "i18next";
import type { BoardSchedule } from "./board";
import { blockersByOwner, type Gate } from "./gate";
import { describeEvidence, KINDS, type Kind } from "./kinds";
import { personInWords, type OwnerNames } from "./owners";

/**
 * The decision record: what was decided, on what evidence, by whom, taken
 * at the moment of decision. Stored as its RFC 8785 canonical JSON, hashed
 * with sha256, so anyone can recompute the hash from the stored text.
 */
export interface DecisionRecord {
  release: { id: string; name: string; launch_date: string };
  decision: "go" | "no_go";
  summary: string;
  actions: { title: string; owner: string; due: string; priority?: string }[];
  decided_by: string;
  /** The names the record gives people and functions, as they were at the decision (absent in records before issue 15 part 5). */
  decided_by_name?: string | null;
  decided_at: string;
  /** The release's event seq the snapshot was taken at (the decision's own event is the next one). */
  seq: number;
  /**
   * The chain's head at that seq (its hash): a copy of the log's state kept
   * with the record, wherever the record travels (absent in records before issue 14).
   */
  chain_head?: { seq: number; hash: string };
  gate: Gate;
  items: {
    id: string;
    section: string;
    title: string;
    /** The item's kind, so its evidence reads in words (absent in records before issue 15). */
    kind?: string;
    owner: string;
    status: string;
    reason: string;
    evidence: Record<string, unknown> | null;
    evidence_at: string | null;
    reporter: string | null;
    reporter_name?: string | null;
  }[];
  /** Who answered for each function: its leads (ADR 016). */
  owner_names?: OwnerNames;
  required_functions: string[];
  votes: { function: string; vote: "go" | "no_go"; comment: string; voter: string; voter_name?: string | null; cast_at: string; fresh: boolean }[];
  attendees: { people: string[]; screens: string[] };
  meeting: { id: number; scheduled_at: string; started_at: string | null; presenter: string | null; presenter_name?: string | null } | null;
  notes: { section: string; text: string; by: string }[];
  schedule: Pick<BoardSchedule, "planned_finish" | "projected_finish" | "slack_to_launch" | "late_critical"> | null;
}

/** User text inline in Markdown: its markup characters escaped, HTML neutralised, one line. */
const md = (text: string) =>
  text
    .replace(/[\\`*_{}[\]()#+!|~>-]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/\r?\n/g, " ");
const cellText = md;
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** A recorded item's evidence as people say it: by its kind's own words, or (a record from before kinds were kept) field by field. */
export function evidenceInWords(item: Pick<DecisionRecord["items"][number], "kind" | "evidence">): string {
  if (!item.evidence) return "—";
  if (item.kind && (KINDS as string[]).includes(item.kind)) return describeEvidence({ kind: item.kind as Kind }, item.evidence);
  return Object.entries(item.evidence)
    .map(([field, value]) => `${field} ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join(", ");
}

/** The record's items as a room reads them: what kept the gate closed first, by owner, then everything green. */
export function itemsBlockersFirst(record: Pick<DecisionRecord, "items">): DecisionRecord["items"] {
  return [...blockersByOwner(record.items).flatMap((group) => group.items), ...record.items.filter((i) => i.status === "green")];
}

const SYMBOL: Record<string, string> = { green: "✔", amber: "▲", red: "✖", pending: "○" };
const STATUSES = new Set(["green", "amber", "red", "pending"]);

/** The record as Markdown, for the release's documents, in the reader's language (`t`); the record's own text (names, reasons, notes) stays as written. */
export function recordToMarkdown(record: DecisionRecord, meta: { id: number; hash: string }, t: TFunction): string {
  const goWord = (value: "go" | "no_go") => (value === "go" ? t("record.go") : t("record.noGo"));
  const statusWord = (status: string) =>
    STATUSES.has(status) ? `${SYMBOL[status]} ${t(`common.status.${status as "green" | "amber" | "red" | "pending"}`)}` : status;
  // A function and who answered for it: "risk · Wang Fang, Li Lei".
  const owner = (fn: string) => (record.owner_names?.[fn]?.length ? `${fn} · ${md(record.owner_names[fn].join(", "))}` : fn);
  const lines = [
    t("record.title", { decision: record.decision === "go" ? "GO" : "NO-GO", release: md(record.release.name) }),
    "",
    t("record.intro", {
      id: meta.id,
      release: record.release.id,
      launch: record.release.launch_date,
      at: record.decided_at,
      by: md(personInWords(record.decided_by, record.decided_by_name)),
      seq: record.seq,
      next: record.seq + 1,
    }),
    "",
    ...record.summary.split(/\r?\n/).map((line) => `> ${md(line)}`),
    "",
    [
      record.gate.open ? t("record.gateOpen") : t("record.gateClosed", { count: record.gate.blocking }),
      t("record.hash", { hash: meta.hash }),
      record.chain_head ? t("record.chainHead", { seq: record.chain_head.seq, hash: record.chain_head.hash }) : "",
    ]
      .filter(Boolean)
      .join(" "),
    "",
    t("record.votes"),
    "",
    t("record.votesHeader"),
    "| --- | --- | --- | --- | --- | --- |",
    ...record.required_functions.map((fn) => {
      const v = record.votes.find((x) => x.function === fn);
      return v
        ? `| ${owner(fn)} | ${goWord(v.vote)} | ${cellText(v.comment)} | ${md(personInWords(v.voter, v.voter_name))} | ${v.cast_at} | ${v.fresh ? t("record.fresh") : t("record.stale")} |`
        : `| ${owner(fn)} | ${t("record.noVote")} | | | | |`;
    }),
    "",
  ];
  if (record.actions.length) {
    lines.push(
      t("record.actions"),
      "",
      t("record.actionsHeader"),
      "| --- | --- | --- |",
      ...record.actions.map((a) => `| ${cellText(a.title)} | ${md(a.owner)} | ${a.due} |`),
      "",
    );
  }
  if (record.schedule) {
    const s = record.schedule;
    lines.push(
      t("record.schedule"),
      "",
      t("record.projected", { projected: s.projected_finish, planned: s.planned_finish, slack: s.slack_to_launch }),
      ...(s.late_critical.length
        ? [
            "",
            t("record.lateCritical"),
            "",
            ...s.late_critical.map((task) =>
              t("record.lateTask", {
                name: md(task.name),
                owner: `${md(task.owner ?? t("record.noOwner"))}${task.assignee ? `, ${md(task.assignee)}` : ""}`,
                planned: task.planned_finish,
                projected: task.projected_finish,
              }),
            ),
          ]
        : []),
      "",
    );
  }
  lines.push(
    t("record.items"),
    "",
    t("record.itemsHeader"),
    "| --- | --- | --- | --- | --- | --- |",
    ...itemsBlockersFirst(record).map(
      (i) =>
        `| ${cellText(i.title)} (${code(i.id)}) | ${statusWord(i.status)} | ${cellText(i.reason)} | ${owner(i.owner)} | ${cellText(evidenceInWords(i))} | ${i.reporter ? md(personInWords(i.reporter, i.reporter_name)) : "—"}${i.evidence_at ? `, ${i.evidence_at}` : ""} |`,
    ),
    "",
    t("record.attendees"),
    "",
    t("record.attendeesLine", { people: record.attendees.people.map(md).join(", ") || "—", screens: record.attendees.screens.map(md).join(", ") || "—" }),
    "",
  );
  // Notes are quoted line by line, so no note can pass for a section of the record.
  if (record.notes.length)
    lines.push(
      t("record.notes"),
      "",
      ...record.notes.flatMap((n) => [`### ${md(n.section)}`, "", ...n.text.split(/\r?\n/).map((line) => `> ${md(line)}`), ""]),
    );
  return lines.join("\n");
}
