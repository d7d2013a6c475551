import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** A one-button form on a table row (revoke a token, disable a person…): posts `intent` and `id` (a number, or a key such as an email). */
export function RowAction({ intent, id, label, danger = false }: { intent: string; id: number | string; label: string; danger?: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <button
        className={`rounded-md px-2 py-1 font-semibold ring-1 ${danger ? "text-red-700 ring-red-300 hover:bg-red-50" : "ring-slate-300 hover:bg-slate-100"}`}
      >
        {label}
      </button>
    </Form>
  );
}

/** A credential's last cell: "revoked" once it is, otherwise the button that does it. */
export function RevokeCell({ id, revokedAt }: { id: number; revokedAt: string | null }) {
  const { t } = useTranslation();
  return revokedAt ? (
    <span className="font-semibold text-red-700">{t("admin.revoked")}</span>
  ) : (
    <RowAction intent="revoke" id={id} label={t("admin.revoke")} danger />
  );
}
