import { Link } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";

export function NoPlan({ release, mayReplace }: { release: string; mayReplace: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="rounded-xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200" data-empty-plan>
      <p className="text-lg font-semibold">{t("plan.empty.title")}</p>
      <p className="mt-1 text-slate-600">
        {mayReplace ? (
          <Trans
            i18nKey="plan.empty.importOrPut"
            values={{ path: `/api/v1/releases/${release}/wbs` }}
            components={[<Link key="import" to={`/releases/${release}/plan/import`} className="font-semibold text-slate-900 underline" />, <code key="path" />]}
          />
        ) : (
          t("plan.empty.admin")
        )}
      </p>
    </div>
  );
}
