import { useTranslation } from "react-i18next";
import { leadsInWords } from "../shared/owners";

/**
 * Who answers for a function, beside it: its leads' names ("RISK · Wang
 * Fang"), or a quiet "no lead"; nothing while not known (a board from before
 * names were sent). Normal case inside an uppercase function label.
 * `block`: on a line of its own, small, under the function.
 */
export function Leads({ names, block = false }: { names: readonly string[] | undefined; block?: boolean }) {
  const { t } = useTranslation();
  const words = leadsInWords(names);
  if (words === null) return null;
  const nobody = !names?.length;
  const shown = nobody ? t("readiness.noLead") : words;
  return (
    <span data-leads={words} className={`font-normal normal-case ${block ? "block text-xs" : ""} ${nobody ? "text-slate-400" : block ? "text-slate-600" : ""}`}>
      {block ? shown : ` · ${shown}`}
    </span>
  );
}
