// ESLint (flat config): typescript-eslint, import cycles, React hooks, and the layer rules that keep the shape (STYLE.md).
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const layer = (message, patterns) => ["error", { patterns: [{ group: patterns, message }] }];

export default tseslint.config(
  { ignores: ["build/**", "test-results/**", ".cache/**", "db/migrations/**", "data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["*.js", "bin/*.mjs", "scripts/*.mjs", "server/schedule/*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node, ...globals.browser },
    },
    plugins: { "import-x": importX, "react-hooks": reactHooks },
    settings: {
      // import-x reads TypeScript modules only when told to (its flatConfigs.typescript settings); without them no-cycle sees no imports at all.
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver-next": [createTypeScriptImportResolver()],
    },
    rules: {
      "import-x/no-cycle": "error",
      "import-x/no-duplicates": "error",
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      // Every switch over a union names every member (or says why it has a default).
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false }],
      // `_name` marks a value left out on purpose (a destructured field, an unused parameter).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Declaration merging (Remix's AppLoadContext) is an interface that only extends another.
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
    },
  },
  {
    // Tests read HTTP bodies as loose JSON; their assertions check the shape.
    files: ["test/support/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // The browser's code never loads the server's: pages reach it through `.server` modules.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.server.{ts,tsx}"],
    rules: {
      "no-restricted-imports": layer("app/ code that is not .server must not import server/: use app/shared or a .server module", ["**/server/**", "**/db/**"]),
    },
  },
  {
    // Pure modules shared by server and browser import nothing but each other and libraries.
    files: ["app/shared/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": layer("app/shared is pure: it imports only app/shared and libraries", [
        "**/server/**",
        "**/db/**",
        "**/lib/**",
        "**/components/**",
        "**/routes/**",
        "node:*",
      ]),
    },
  },
  {
    // The database layer (schema, client, migrations) knows nothing of the services above it.
    files: ["db/**/*.ts"],
    rules: { "no-restricted-imports": layer("db/ must not import server/", ["**/server/**"]) },
  },
);
