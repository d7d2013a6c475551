import type { GreenlightContext } from "../server/index";

// Loaders and actions receive the server's services and the request's principal.
declare module "@remix-run/node" {
  interface AppLoadContext extends GreenlightContext {}
}
