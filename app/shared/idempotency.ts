import { z } from "zod";

/** Idempotency keys (server/idempotency.ts): the API's header and the page forms' hidden field. */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const IDEMPOTENCY_FIELD = "idempotency_key";

/** A UUID is what clients usually send; anything of 1–255 visible ASCII characters is accepted. */
export const idempotencyKeySchema = z
  .string({ error: "send it as a string" })
  .min(1, "it is empty")
  .max(255, "it is longer than 255 characters")
  .regex(/^[\x21-\x7e]+$/, "use visible ASCII characters only");
