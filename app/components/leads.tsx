import { leadsInWords } from "../shared/owners";

/**
 * Who answers for a function, beside it: its leads' names ("RISK · Wang
 * Fang"), or a quiet "no lead"; nothing while not known (a board from before
 * names were sent). Normal case inside an uppercase function label.
 * `block`: on a line of its own, small, under the function.
 */
export function Leads({ names, block = false }: { names: readonly string[] | undefined; block?: boolean }) {
  const words = leadsInWords(names);
  if (words === null) return null;
  const nobody = !names?.length;
  return (
    <span data-leads={words} className={`font-normal normal-case ${block ? "block text-xs" : ""} ${nobody ? "text-slate-400" : block ? "text-slate-600" : ""}`}>
      {block ? words : ` · ${words}`}
    </span>
  );
}
