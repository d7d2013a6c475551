import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * The SSRF guard for webhooks out (ADR 025). Only addresses ipaddr.js calls
 * plain `unicast` are reachable: private, loopback, link-local (cloud metadata
 * at 169.254.169.254), unique-local, carrier-grade NAT (100.64/10, also
 * Alibaba's metadata), unspecified, multicast, reserved and the IPv6
 * transition ranges that embed an IPv4 address (6to4, Teredo, NAT64) are
 * refused; IPv4-mapped IPv6 is judged as the IPv4 address it maps.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  // IPv4-compatible IPv6 (::/96, deprecated, e.g. ::127.0.0.1) embeds an IPv4 address too; ipaddr.js calls it unicast.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) return false;
  return parsed.range() === "unicast";
}

export class RefusedAddress extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`refused: private address (${host} is ${address})`);
  }
}

/** Every address a host name resolves to (an IP literal: itself). */
export async function resolveAll(host: string): Promise<LookupAddress[]> {
  const bare = host.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(bare)) return [{ address: bare, family: bare.includes(":") ? 6 : 4 }];
  return new Promise((resolve, reject) => dnsLookup(bare, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));
}

/**
 * Check a URL's host before it is stored: every address it resolves to must
 * be public unless `allowPrivate`. Throws RefusedAddress; a DNS failure throws
 * the resolver's error.
 */
export async function checkTarget(url: URL, allowPrivate: boolean): Promise<void> {
  const addresses = await resolveAll(url.hostname);
  if (allowPrivate) return;
  const bad = addresses.find((a) => !isPublicAddress(a.address));
  if (bad) throw new RefusedAddress(url.hostname, bad.address);
}

/**
 * The `lookup` of a delivery's request: resolves, refuses if any address is
 * private (unless allowed), and hands the connection exactly the addresses it
 * checked, so a name that answers differently the second time (DNS
 * rebinding) cannot reach an address that was not checked.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolveAll(hostname).then(
      (addresses) => {
        const bad = allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a.address));
        if (bad) return callback(new RefusedAddress(hostname, bad.address));
        if (options?.all) return callback(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: unknown) => callback(error),
    );
  }) as LookupFunction;
}
