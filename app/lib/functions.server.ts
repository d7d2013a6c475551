import type { AppLoadContext } from "@remix-run/node";

/** Every function any template names, for role pickers. */
export function knownFunctions(context: AppLoadContext): string[] {
  return [...new Set([...context.readiness.templates.values()].flatMap((t) => t.functions))].sort();
}
