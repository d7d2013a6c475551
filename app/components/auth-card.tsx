import { getInputProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { translateMessage } from "../lib/i18n";
import { Field, inputClass, LanguageSwitch } from "./layout";

/** The card of the sign-in, setup and set-password pages. */
export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    // Anchored to the top, not centred: a message appearing or going must not move the button.
    <div className="flex min-h-screen items-start justify-center bg-slate-900 p-6 pt-[12vh]">
      <main className="w-full max-w-md rounded-2xl bg-white p-8 shadow-xl">
        <div className="mb-6 flex flex-wrap items-center gap-2 text-xl font-black tracking-tight">
          <span className="inline-block h-4 w-4 rounded-full bg-emerald-500 ring-2 ring-emerald-300" aria-hidden="true" />
          {t("common.product")}
          <div className="ml-auto text-base font-normal tracking-normal">
            <LanguageSwitch light />
          </div>
        </div>
        <h1 className="text-2xl font-bold">{title}</h1>
        {intro ? <div className="mt-1 text-slate-600">{intro}</div> : null}
        <div className="mt-6">{children}</div>
      </main>
    </div>
  );
}

export function FormError({ errors }: { errors: string[] | undefined }) {
  const { t } = useTranslation();
  return errors?.length ? (
    <div role="alert" className="rounded-md bg-red-50 p-3 font-medium text-red-800 ring-1 ring-red-200">
      {errors.map((message) => translateMessage(message, t)).join(" ")}
    </div>
  ) : null;
}

/** A new password and its repetition (first admin, invitation). */
export function NewPasswordFields({ password, confirm }: { password: FieldMetadata<string>; confirm: FieldMetadata<string> }) {
  const { t } = useTranslation();
  return (
    <>
      <Field id={password.id} label={t("admin.auth.password")} error={password.errors} hint={t("admin.auth.passwordHint")}>
        <input {...getInputProps(password, { type: "password" })} autoComplete="new-password" className={inputClass} />
      </Field>
      <Field id={confirm.id} label={t("admin.auth.repeatPassword")} error={confirm.errors}>
        <input {...getInputProps(confirm, { type: "password" })} autoComplete="new-password" className={inputClass} />
      </Field>
    </>
  );
}
