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

const WORD: Record<string, string> = { green: "✔ Green", amber: "▲ Amber", red: "✖ Red", pending: "○ Pending" };
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

/** The record as Markdown, for the release's documents. */
export function recordToMarkdown(record: DecisionRecord, meta: { id: number; hash: string }): string {
  // A function and who answered for it: "risk · Wang Fang, Li Lei".
  const owner = (fn: string) => (record.owner_names?.[fn]?.length ? `${fn} · ${md(record.owner_names[fn].join(", "))}` : fn);
  const lines = [
    `# ${record.decision === "go" ? "GO" : "NO-GO"}: ${md(record.release.name)}`,
    "",
    `Decision ${meta.id} for release \`${record.release.id}\` (launch ${record.release.launch_date}), recorded ${record.decided_at} by ${md(personInWords(record.decided_by, record.decided_by_name))}; the state is as of event seq ${record.seq}, the decision is event ${record.seq + 1}.`,
    "",
    ...record.summary.split(/\r?\n/).map((line) => `> ${md(line)}`),
    "",
    `Gate: ${record.gate.open ? "open" : `closed, ${record.gate.blocking} blocking`}. Record hash (sha256 of the canonical JSON): \`${meta.hash}\`.${record.chain_head ? ` Log head at the decision: seq ${record.chain_head.seq}, \`${record.chain_head.hash}\`.` : ""}`,
    "",
    "## Votes",
    "",
    "| function | vote | comment | by | cast | fresh |",
    "| --- | --- | --- | --- | --- | --- |",
    ...record.required_functions.map((fn) => {
      const v = record.votes.find((x) => x.function === fn);
      return v
        ? `| ${owner(fn)} | ${v.vote === "go" ? "Go" : "No-Go"} | ${cellText(v.comment)} | ${md(personInWords(v.voter, v.voter_name))} | ${v.cast_at} | ${v.fresh ? "yes" : "stale"} |`
        : `| ${owner(fn)} | — no vote | | | | |`;
    }),
    "",
  ];
  if (record.actions.length) {
    lines.push(
      "## Follow-up actions",
      "",
      "| action | owner | due |",
      "| --- | --- | --- |",
      ...record.actions.map((a) => `| ${cellText(a.title)} | ${md(a.owner)} | ${a.due} |`),
      "",
    );
  }
  if (record.schedule) {
    const s = record.schedule;
    lines.push(
      "## Schedule",
      "",
      `Projected finish ${s.projected_finish} (planned ${s.planned_finish}), ${s.slack_to_launch} working days of slack to launch.`,
      ...(s.late_critical.length
        ? [
            "",
            "Late critical tasks:",
            "",
            ...s.late_critical.map(
              (t) =>
                `- ${md(t.name)} (${md(t.owner ?? "no owner")}${t.assignee ? `, ${md(t.assignee)}` : ""}): planned ${t.planned_finish}, projected ${t.projected_finish}`,
            ),
          ]
        : []),
      "",
    );
  }
  lines.push(
    "## Items",
    "",
    "| item | status | reason | owner | evidence | reported |",
    "| --- | --- | --- | --- | --- | --- |",
    ...itemsBlockersFirst(record).map(
      (i) =>
        `| ${cellText(i.title)} (${code(i.id)}) | ${WORD[i.status] ?? i.status} | ${cellText(i.reason)} | ${owner(i.owner)} | ${cellText(evidenceInWords(i))} | ${i.reporter ? md(personInWords(i.reporter, i.reporter_name)) : "—"}${i.evidence_at ? `, ${i.evidence_at}` : ""} |`,
    ),
    "",
    "## Attendees",
    "",
    `People: ${record.attendees.people.map(md).join(", ") || "—"}. Screens: ${record.attendees.screens.map(md).join(", ") || "—"}.`,
    "",
  );
  // Notes are quoted line by line, so no note can pass for a section of the record.
  if (record.notes.length)
    lines.push("## Notes", "", ...record.notes.flatMap((n) => [`### ${md(n.section)}`, "", ...n.text.split(/\r?\n/).map((line) => `> ${md(line)}`), ""]));
  return lines.join("\n");
}
