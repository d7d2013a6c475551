import { randomInt, timingSafeEqual } from "node:crypto";

/**
 * Who may create the first admin on a database with nobody in it (SPEC 8):
 * not the first anonymous visitor, but whoever can read the server's log,
 * where a one-time code is printed at start-up. With a bootstrap token
 * configured there is no setup page at all: the operator holds an admin token
 * already and creates people with it (or with `greenlight user add`).
 */
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I: read from a log, typed by hand

export interface SetupGate {
  /** Whether the setup page is open: nobody yet, and no bootstrap token. */
  available(): boolean;
  /** The code matches the one printed at start (case and dashes ignored). */
  accepts(code: string): boolean;
  /** Why the page is closed, for the sign-in page when nobody has an account yet. */
  readonly bootstrapped: boolean;
}

export function createSetupGate({
  nobodyYet,
  bootstrapToken,
  announce,
}: {
  nobodyYet: () => boolean;
  bootstrapToken: boolean;
  announce: (code: string) => void;
}): SetupGate {
  const code = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  if (!bootstrapToken && nobodyYet()) announce(`${code.slice(0, 5)}-${code.slice(5)}`);
  const normalise = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return {
    bootstrapped: bootstrapToken,
    available: () => !bootstrapToken && nobodyYet(),
    accepts(given: string) {
      const a = Buffer.from(normalise(given));
      const b = Buffer.from(code);
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}
