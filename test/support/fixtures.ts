/**
 * Evidence that turns every item of the `new-coin-listing` template green
 * but `comms.cs-macros` (the last one, so a test decides when the gate opens).
 */
export const NEW_COIN_GREEN_BUT_LAST: [string, unknown][] = [
  ["due-diligence.lsp-score", { value: 82 }],
  ["due-diligence.legal-opinion", { done: true }],
  ["due-diligence.contract-audit", { done: true }],
  ["wallet.wallet-stages", { stages: { "node-sync": "passed", deposit: "passed", withdrawal: "passed", sweep: "passed", "cold-storage": "passed" } }],
  ["wallet.deposit-confirmations", { deployed: 64 }],
  ["liquidity.opening-depth", { value: 240_000 }],
  ["comms.announcement", { done: true }],
];

/** Every item of `new-coin-listing` green: the gate opens. */
export const NEW_COIN_GREEN: [string, unknown][] = [...NEW_COIN_GREEN_BUT_LAST, ["comms.cs-macros", { done: true }]];
