import type { BrowserContext } from "playwright-core";
import { api, type RunningServer } from "./server";

export const PASSWORD = "correct horse battery staple";

export interface Person {
  id: number;
  email: string;
  /** `gl_session=…`, for fetch's Cookie header. */
  cookie: string;
  sessionSecret: string;
}

/** Invite a person through the API, accept the link as they would, and return their session. */
export async function addPerson(
  server: RunningServer,
  spec: { email: string; name?: string; role: "admin" | "lead" | "member" | "viewer"; functions?: string[] },
): Promise<Person> {
  const invited = await api(server.url)("POST", "/users", { name: spec.email.split("@")[0], functions: [], ...spec });
  if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${JSON.stringify(invited.body)}`);
  const res = await fetch(invited.body.invite_url, {
    method: "POST",
    body: new URLSearchParams({ password: PASSWORD, confirm: PASSWORD }),
    headers: { origin: server.url },
    redirect: "manual",
  });
  const sessionSecret = /gl_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  if (res.status !== 302 || !sessionSecret) throw new Error(`accepting the invite failed: ${res.status}`);
  return { id: invited.body.user.id, email: invited.body.user.email, cookie: `gl_session=${sessionSecret}`, sessionSecret };
}

/** Sign a browser context in as a person. */
export async function signInBrowser(context: BrowserContext, server: RunningServer, person: Person) {
  await context.addCookies([{ name: "gl_session", value: person.sessionSecret, url: server.url }]);
}
