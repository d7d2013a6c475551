import { createHash, randomBytes } from "node:crypto";

/**
 * Bearer secrets (API tokens, session cookies, board links, invitations):
 * 256 random bits, shown once, stored only as sha256. A secret that strong
 * needs no slow hash, so a lookup is one indexed read.
 */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
