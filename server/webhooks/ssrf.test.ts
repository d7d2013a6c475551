import { describe, expect, it } from "vitest";
import { guardedLookup, isPublicAddress, RefusedAddress } from "./ssrf";

describe("the SSRF guard", () => {
  it("allows only public unicast addresses", () => {
    for (const address of ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"]) expect(isPublicAddress(address), address).toBe(true);
    for (const address of [
      "127.0.0.1",
      "10.0.0.1",
      "172.16.5.4",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "100.100.100.200",
      "0.0.0.0",
      "255.255.255.255",
      "224.0.0.1",
      "::1",
      "::",
      "fe80::1",
      "fd00:ec2::254",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
      "2002:7f00:1::1",
      "64:ff9b::7f00:1",
      "::127.0.0.1",
      "::7f00:1",
      "::a9fe:a9fe",
      "not an address",
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it("refuses at connection time a name that resolves to a private address, and connects to the address it checked", async () => {
    const lookup = guardedLookup(false);
    const refused = await new Promise<unknown>((resolve) => lookup("localhost", { all: true }, (error) => resolve(error)));
    expect(refused).toBeInstanceOf(RefusedAddress);
    const allowed = await new Promise<unknown>((resolve) => guardedLookup(true)("127.0.0.1", {}, (error, address) => resolve(error ?? address)));
    expect(allowed).toBe("127.0.0.1");
  });
});
