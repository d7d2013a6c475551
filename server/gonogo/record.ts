import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { DecisionRecord } from "../../app/shared/decision-record";

/** Sealing and checking a decision record: its RFC 8785 canonical JSON and the sha256 of it. */
export function sealRecord(record: DecisionRecord): { text: string; hash: string } {
  const text = canonicalize(record);
  if (text === undefined) throw new Error("the decision record cannot be serialised");
  return { text, hash: hashOf(text) };
}

export function hashOf(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The stored text hashes to the stored hash, and is still in canonical form. */
export function verifyRecord(text: string, hash: string): { ok: true } | { ok: false; problem: string } {
  if (hashOf(text) !== hash) return { ok: false, problem: `the record hashes to ${hashOf(text)}, not ${hash}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, problem: "the record is not JSON" };
  }
  if (canonicalize(parsed) !== text) return { ok: false, problem: "the record is not in canonical form" };
  return { ok: true };
}
