/**
 * Who answers for what, by name. An item is owned by a function (SPEC 4);
 * the people who answer for a function are its leads (SPEC 9: a lead of F
 * reports on F's items and votes for F). Pure, so the server resolves it and
 * every screen and text says it the same way.
 */

/** Function → the names of its active leads, sorted; `[]`: nobody leads it. */
export type OwnerNames = Record<string, string[]>;

/** What the resolver needs of a person (a `users` row). */
export interface Lead {
  name: string;
  role: string;
  functions: readonly string[];
  disabled_at: string | null;
}

/**
 * The leads of each of `functions`: people with the lead role who are not
 * disabled. An invited lead who has not signed in yet (the demo's named
 * owners are such people) still answers for the function.
 */
export function leadsByFunction(people: readonly Lead[], functions: readonly string[]): OwnerNames {
  const names = new Map<string, Set<string>>(functions.map((fn) => [fn, new Set()]));
  for (const person of people) {
    if (person.role !== "lead" || person.disabled_at) continue;
    for (const fn of person.functions) names.get(fn)?.add(person.name);
  }
  return Object.fromEntries([...names].map(([fn, set]) => [fn, [...set].sort((a, b) => a.localeCompare(b))]));
}

/** The names, as one line: "Wang Fang, Li Lei"; "no lead" when nobody leads the function; null when not known. */
export function leadsInWords(names: readonly string[] | undefined): string | null {
  if (!names) return null;
  return names.length ? names.join(", ") : "no lead";
}

/** An owner as a sentence reads it: "risk · Wang Fang, Li Lei", or the function alone when nobody (or nobody known) leads it. */
export function ownerInWords(owner: string, names: OwnerNames | undefined): string {
  const leads = names?.[owner];
  return leads?.length ? `${owner} · ${leads.join(", ")}` : owner;
}

/** A person for a record: "Wang Fang <wang@example.com>" for a signed-in person whose name is known, else the actor label as it is. */
export function personInWords(label: string, name: string | null | undefined): string {
  return name && label.startsWith("user:") ? `${name} <${label.slice("user:".length)}>` : label;
}
