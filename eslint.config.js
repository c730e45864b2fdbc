// ESLint (flat config): ESLint's and typescript-eslint's recommended rules over the TypeScript and
// JavaScript sources; formatting is Prettier's (npm run format:check), not ESLint's.
"use strict";
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");

/** Node's CommonJS globals, for the plain .js files (build, bin, reporter, publish scripts). */
const nodeGlobals = Object.fromEntries(
  [
    "require",
    "module",
    "exports",
    "process",
    "console",
    "__dirname",
    "__filename",
    "Buffer",
    "setTimeout",
    "clearTimeout",
    "URL",
  ].map((name) => [name, "readonly"]),
);

module.exports = tseslint.config(
  { ignores: ["dist/", "**/node_modules/", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: nodeGlobals },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.ts"],
    rules: {
      // require() is deliberate where a module is loaded lazily or from a computed path (the harness
      // loads the pack's policies on demand, the checker a user's --policies module, the analyzer
      // driver @pulumi/policy's server from its own install); static imports everywhere else.
      "@typescript-eslint/no-require-imports": "off",
      // No `any` anywhere (public types included): use unknown and narrow.
      "@typescript-eslint/no-explicit-any": "error",
      // Unused names are errors, except a deliberate `_`-prefixed one and the names a rest
      // destructuring leaves out ({ priority, ...rest } drops priority).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      // The checker escapes control characters (NUL, ESC, C1) in the names it prints, so its
      // patterns and their tests match control characters on purpose.
      "no-control-regex": "off",
    },
  },
);
