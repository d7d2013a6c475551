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
  /** The code to print where the operator reads it (`ABCDE-FGHJK`), while the page is open; else null. */
  announcement(): string | null;
  /** The code matches the one printed at start (case and dashes ignored). */
  accepts(code: string): boolean;
  /** Why the page is closed, for the sign-in page when nobody has an account yet. */
  readonly bootstrapped: boolean;
}

export function createSetupGate({ nobodyYet, bootstrapToken }: { nobodyYet: () => boolean; bootstrapToken: boolean }): SetupGate {
  const code = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  const normalise = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const available = () => !bootstrapToken && nobodyYet();
  return {
    bootstrapped: bootstrapToken,
    available,
    announcement: () => (available() ? `${code.slice(0, 5)}-${code.slice(5)}` : null),
    accepts(given: string) {
      const a = Buffer.from(normalise(given));
      const b = Buffer.from(code);
      return a.length === b.length && timingSafeEqual(a, b);
    },
  };
}
