import { IDEMPOTENCY_FIELD } from "../shared/idempotency";

/**
 * A creating form's idempotency key (app/lib/idempotency.server.ts): the same
 * for every submission of this render, so a double click or a retry is
 * written once. `form` tells several forms of one page apart.
 */
export function IdempotencyKey({ value, form }: { value: string; form?: string }) {
  return <input type="hidden" name={IDEMPOTENCY_FIELD} value={form ? `${value}.${form}` : value} />;
}
