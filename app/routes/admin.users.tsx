import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { IdempotencyKey } from "../components/idempotency-key";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { RoleFields } from "../components/role-fields";
import { RowAction } from "../components/row-action";
import { SecretOnce } from "../components/secret-once";
import { usersFormSchema } from "../lib/admin-forms";
import { actorFor, requireAllowed } from "../lib/auth.server";
import { formatInstant } from "../lib/dates";
import { errorReply } from "../lib/form-errors";
import { parseForm, readForm } from "../lib/forms";
import { knownFunctions } from "../lib/functions.server";
import { formKey, once } from "../lib/idempotency.server";

export const meta: MetaFunction = () => [{ title: "Users · Greenlight" }];

export function loader({ context, request }: LoaderFunctionArgs) {
  requireAllowed(context, request, { type: "users.manage" });
  return { users: context.access.users.list(), functions: knownFunctions(context), changes: context.access.recentChanges(15), formKey: formKey() };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const admin = requireAllowed(context, request, { type: "users.manage" });
  const submission = parseForm(await readForm(request), usersFormSchema);
  if (submission.status !== "success") return { result: submission.reply(), link: null };
  try {
    const { access } = context;
    switch (submission.value.intent) {
      case "invite": {
        const { intent: _intent, ...person } = submission.value;
        // Sent twice, invited once: a retry shows the first link again.
        const { name, token } = once(context, request, admin, submission.payload, () => {
          const { user, token } = access.users.invite(person, actorFor(admin));
          return { name: user.name, token };
        });
        return {
          result: submission.reply({ resetForm: true }),
          link: { label: `Set-password link for ${name}`, url: `${context.baseUrl}/invite/${token}` },
        };
      }
      case "reinvite": {
        const { token } = access.users.reinvite(submission.value.id, actorFor(admin));
        return { result: submission.reply(), link: { label: "New set-password link", url: `${context.baseUrl}/invite/${token}` } };
      }
      case "disable":
        access.disableUser(submission.value.id, actorFor(admin));
        return { result: submission.reply(), link: null };
    }
  } catch (error) {
    const { result, status } = errorReply(submission.reply, error, (code) => (code === "user_exists" ? "email" : undefined));
    return data({ result, link: null }, { status });
  }
}

export default function Users() {
  const { users, functions, changes, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "invite",
    lastResult: actionData?.result,
    // Known to Conform, so a reset after success returns to it rather than to nothing.
    defaultValue: { role: "viewer" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseForm(formData, usersFormSchema),
  });
  return (
    <Page crumbs={[{ to: "/admin/users", label: "Users" }]}>
      <h1 className="text-3xl font-bold">Users</h1>
      <p className="text-slate-600">Invite people with a role; they set their own password through a one-time link that expires in 72 hours.</p>
      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_24rem]">
        <section className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          <table className="table-cards w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-4 py-2">Person</th>
                <th className="py-2 pr-4">Role</th>
                <th className="py-2 pr-4">State</th>
                <th className="py-2 pr-4" />
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className="border-t border-slate-100 align-top" data-user-row={u.email}>
                  <td className="px-4 py-3">
                    <div className="font-semibold">{u.name}</div>
                    <div className="text-slate-500">{u.email}</div>
                  </td>
                  <td className="py-3 pr-4">
                    <span className="font-semibold uppercase">{u.role}</span>
                    {u.functions.length ? <div className="text-slate-500">{u.functions.join(", ")}</div> : null}
                  </td>
                  <td className="py-3 pr-4">
                    {u.disabled_at ? (
                      <span className="font-semibold text-red-700">✖ disabled {formatInstant(u.disabled_at)}</span>
                    ) : u.active ? (
                      <span className="font-semibold text-emerald-700">✔ active</span>
                    ) : (
                      <span className="font-semibold text-amber-700">○ invited</span>
                    )}
                  </td>
                  <td className="py-3 pr-4 text-right">
                    {u.disabled_at ? null : (
                      <div className="flex justify-end gap-2">
                        {u.active ? null : <RowAction intent="reinvite" id={u.id} label="New link" />}
                        <RowAction intent="disable" id={u.id} label="Disable" danger />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <aside className="grid content-start gap-4 lg:row-span-2">
          {actionData?.link ? <SecretOnce label={actionData.link.label} value={actionData.link.url} /> : null}
          <Form method="post" {...getFormProps(form)} className="grid gap-4 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h2 className="text-lg font-bold">Invite someone</h2>
            <input type="hidden" name="intent" value="invite" />
            <IdempotencyKey value={formKey} />
            <Field id={fields.name.id} label="Name" error={fields.name.errors}>
              <input {...getInputProps(fields.name, { type: "text" })} className={inputClass} />
            </Field>
            <Field id={fields.email.id} label="Email" error={fields.email.errors}>
              <input {...getInputProps(fields.email, { type: "email" })} className={inputClass} />
            </Field>
            <RoleFields functions={functions} errors={{ role: fields.role.errors }} />
            <button type="submit" className={buttonClass}>
              Invite
            </button>
            <FormError errors={form.errors} />
          </Form>
        </aside>
        <section className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200" aria-labelledby="changes">
          <h2 id="changes" className="border-b border-slate-200 bg-slate-50 px-4 py-2 font-bold">
            Recent changes to people and tokens
          </h2>
          <ul className="divide-y divide-slate-100 text-sm" data-access-log>
            {changes.map((c) => (
              <li key={c.id} className="flex flex-wrap gap-x-3 px-4 py-2">
                <span className="text-slate-500">{formatInstant(c.at)}</span>
                <span className="font-semibold">{c.actor}</span>
                <span>{c.action.replace(".", " ").replace("_", " ")}</span>
                <span className="text-slate-700">{c.subject}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </Page>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
