import { z } from "zod";
import { emailSchema } from "./auth-schemas";
import { slug } from "./kinds";

/**
 * The SOP registry as data (SPEC 12.2): what the API and the forms accept,
 * and what they show. Pure, so the pages' forms share the schemas.
 */
export const MAX_ACKNOWLEDGEMENTS = 5000;

const link = z.url({ protocol: /^https?$/, message: "expected an http(s) URL" }).max(2000);
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const sopCreateSchema = z.strictObject({
  key: slug.min(1).max(60),
  title: z.string({ error: "enter a title" }).trim().min(1, "enter a title").max(200),
  owner: slug.min(1).max(40),
  review_days: z.coerce.number({ error: "enter a number of days" }).int("a whole number of days").min(1, "at least 1 day").max(3650, "at most 3650 days"),
});
export type SopCreateInput = z.infer<typeof sopCreateSchema>;

export const sopRevisionSchema = z
  .strictObject({
    summary: z.string({ error: "say what changed" }).trim().min(1, "say what changed").max(500),
    link: z.preprocess(blank, link.optional()),
    body: z.preprocess(blank, z.string().max(100_000, "at most 100,000 characters").optional()),
  })
  .refine((r) => r.link !== undefined || r.body !== undefined, { path: ["body"], message: "give a link to the SOP or its text" });
export type SopRevisionInput = z.infer<typeof sopRevisionSchema>;

export const sopReviewSchema = z.strictObject({ note: z.preprocess((v) => blank(v) ?? "", z.string().trim().max(2000)) });

/** The registry in pages of `limit`, after the SOP key `after` (SPEC 7). */
export const sopListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
  after: slug.optional(),
});

export const sopAcknowledgeSchema = z.strictObject({
  emails: z
    .array(emailSchema)
    .min(1, "name at least one person")
    .max(MAX_ACKNOWLEDGEMENTS)
    .transform((e) => [...new Set(e)]),
});

export interface SopRevisionView {
  version: number;
  summary: string;
  link: string | null;
  body: string | null;
  author: string;
  created_at: string;
  approved_by: string | null;
  approved_at: string | null;
  acknowledgements: number;
}

export interface SopView {
  key: string;
  title: string;
  owner: string;
  review_days: number;
  created_at: string;
  /** The latest approved revision's version, or null. */
  current: number | null;
  /** A revision written after the current one, waiting for approval. */
  draft: number | null;
  last_reviewed_at: string | null;
  /** The last day the periodic review is on time (null before any approval). */
  review_due: string | null;
  review_overdue: boolean;
  revisions: SopRevisionView[];
}
