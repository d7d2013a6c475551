import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  build: {
    rollupOptions: {
      // A build prints only what someone should act on. Not ours to act on: zod's comments Rollup cannot
      // place, and the empty browser chunk Remix makes for each resource route (CSV, Markdown, logout: no component).
      onwarn(warning, warn) {
        if (warning.code === "INVALID_ANNOTATION" && warning.id?.includes("/node_modules/")) return;
        if (warning.code === "EMPTY_BUNDLE") return;
        warn(warning);
      },
    },
  },
  plugins: [
    tailwindcss(),
    // Vitest runs without the Remix plugin (STYLE: "Remix v2 on Vite").
    !process.env.VITEST &&
      remix({
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_lazyRouteDiscovery: true,
          v3_singleFetch: true,
          unstable_optimizeDeps: true,
        },
      }),
  ],
});
