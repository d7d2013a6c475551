import { ROLES } from "../shared/auth-schemas";
import { inputClass } from "./layout";

const ROLE_HELP: Record<(typeof ROLES)[number], string> = {
  admin: "PMO: everything",
  lead: "reports on items of their functions, votes for them",
  member: "reports on items assigned to them",
  viewer: "reads only",
};

/** Role and functions pickers shared by the invite and token forms. */
export function RoleFields({ functions, errors }: { functions: string[]; errors?: { role?: string[]; functions?: string[] } }) {
  return (
    <>
      <div>
        <label htmlFor="role" className="block text-sm font-semibold text-slate-800">
          Role
        </label>
        <select id="role" name="role" defaultValue="viewer" className={`mt-1 ${inputClass}`}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r} — {ROLE_HELP[r]}
            </option>
          ))}
        </select>
        {errors?.role ? (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {errors.role.join(" ")}
          </p>
        ) : null}
      </div>
      <fieldset>
        <legend className="text-sm font-semibold text-slate-800">Functions (for a lead)</legend>
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
