import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The one error view every route's ErrorBoundary uses. No stack traces reach the page. */
export function GeneralErrorBoundary() {
  const { t } = useTranslation();
  const error = useRouteError();
  const [title, message] = isRouteErrorResponse(error)
    ? [
        error.status === 404 ? t("common.error.notFound") : t("common.error.status", { status: error.status }),
        typeof error.data === "string" ? error.data : error.statusText,
      ]
    : [t("common.error.title"), t("common.error.message")];
  return (
    <div className="mx-auto max-w-2xl p-10">
      <h1 className="text-3xl font-bold text-slate-900">{title}</h1>
      <p className="mt-3 text-lg text-slate-700">{message}</p>
      <Link to="/" className="mt-6 inline-block rounded-md bg-slate-900 px-4 py-2 font-semibold text-white">
        {t("common.error.back")}
      </Link>
    </div>
  );
}
