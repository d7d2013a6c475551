import { useTranslation } from "react-i18next";
import { translateMessage } from "../lib/i18n";
import { ROLES } from "../shared/auth-schemas";
import { inputClass } from "./layout";

/** Role and functions pickers shared by the invite and token forms. */
export function RoleFields({ functions, errors }: { functions: string[]; errors?: { role?: string[]; functions?: string[] } }) {
  const { t } = useTranslation();
  return (
    <>
      <div>
        <label htmlFor="role" className="block text-sm font-semibold text-slate-800">
          {t("admin.roles.label")}
        </label>
        <select id="role" name="role" defaultValue="viewer" className={`mt-1 ${inputClass}`}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t("admin.roles.option", { role: t(`common.role.${r}`), help: t(`admin.roles.help.${r}`) })}
            </option>
          ))}
        </select>
        {errors?.role ? (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {errors.role.map((message) => translateMessage(message, t)).join(" ")}
          </p>
        ) : null}
      </div>
      <fieldset>
        <legend className="text-sm font-semibold text-slate-800">{t("admin.roles.functions")}</legend>
        <div className="mt-1 flex flex-wrap gap-2">
          {functions.map((f) => (
            <label
              key={f}
              className="flex items-center gap-1.5 rounded-md px-2 py-1 text-sm ring-1 ring-slate-300 has-[:checked]:bg-slate-900 has-[:checked]:text-white"
            >
              <input type="checkbox" name="functions" value={f} /> {f}
            </label>
          ))}
        </div>
      </fieldset>
    </>
  );
}
