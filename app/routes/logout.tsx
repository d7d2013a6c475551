import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signedOutRedirect } from "../lib/session.server";

/** Sign out: the session ends on the server and its open sockets are disconnected. */
export function action({ context }: ActionFunctionArgs) {
  if (context.principal) context.access.logout(context.principal);
  return signedOutRedirect(context);
}

export function loader() {
  return redirect("/");
}
