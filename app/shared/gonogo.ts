import { z } from "zod";
import { instantSchema, isoDateSchema, PRIORITIES, slug } from "./kinds";

/**
 * What the Go/No-Go API and pages accept (SPEC 7): meetings, votes,
 * decisions with follow-up actions, notes and the phase after GO. The API
 * parses with these; the meeting page's forms extend them.
 */
const instant = instantSchema();
const minutes = z.number().int().min(1).max(600);

export const meetingSchema = z
  .object({
    scheduled_at: instant,
    required_functions: z
      .array(slug)
      .min(1)
      .max(50)
      .transform((fns) => [...new Set(fns)])
      .optional(),
    item_minutes: minutes.default(5),
    total_minutes: minutes.default(60),
  })
  .strict();

export const voteSchema = z
  .object({
    function: slug,
    vote: z.enum(["go", "no_go"]),
    comment: z.string().trim().max(2000).default(""),
    /** The board seq the voter was looking at: refused if an item changed status since. */
    seen_seq: z.number().int().min(0).optional(),
  })
  .strict();

/** A decision's follow-up (an action item, SPEC 11): owned by a person (an existing user's email) or, until someone takes it, a function. */
export const actionSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    owner: z.union([slug, z.email().transform((e) => e.toLowerCase())]),
    due: isoDateSchema,
    /** Default P2; a P0/P1 follow-up blocks the release (its `actions` item) until verified closed. */
    priority: z.enum(PRIORITIES).optional(),
  })
  .strict();

export const decisionSchema = z
  .object({
    decision: z.enum(["go", "no_go"]),
    summary: z.string().trim().min(1, "say what was decided and why").max(5000),
    actions: z.array(actionSchema).max(100).default([]),
  })
  .strict();

export const noteSchema = z.object({ section: slug, text: z.string().max(5000) }).strict();
export const phaseSchema = z.object({ phase: z.enum(["released", "rolled_back"]) }).strict();

export type MeetingInput = z.output<typeof meetingSchema>;
export type VoteInput = z.output<typeof voteSchema>;
export type DecisionInput = z.output<typeof decisionSchema>;
export type NoteInput = z.output<typeof noteSchema>;
export type PhaseInput = z.output<typeof phaseSchema>;
