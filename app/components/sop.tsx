import { useTranslation } from "react-i18next";
import { useFormat } from "../lib/format";

/**
 * When an SOP's periodic review is due: the day, or, once it has passed,
 * said three ways (red, ✖, "overdue") so no one misses it on a grey screen.
 */
export function ReviewDue({ due, overdue }: { due: string | null; overdue: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!due) return <span className="text-slate-500">{t("sops.reviewDue.none")}</span>;
  if (!overdue) return <span className="whitespace-nowrap">{fmt.day(due)}</span>;
  return (
    <span className="inline-block rounded bg-red-50 px-1.5 font-bold text-red-800 ring-1 ring-red-300" data-review-overdue>
      {t("sops.reviewDue.overdue", { date: fmt.day(due) })}
    </span>
  );
}
