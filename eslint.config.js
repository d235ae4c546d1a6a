// ESLint flat config: @eslint/js and typescript-eslint (type-aware) everywhere, the React hooks rules for app/,
// and Convex's own rules for convex/. `npm run lint` runs it over the whole tree.
import js from "@eslint/js";
import convexPlugin from "@convex-dev/eslint-plugin";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  globalIgnores([
    "convex/_generated/",
    ".next/",
    "node_modules/",
    "next-env.d.ts",
    "e2e/artifacts/",
    "coverage/",
    "bench/results/",
    "test-results/",
  ]),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Types from the root tsconfig for every file, convex/ included: it is the one `npm run typecheck` uses, and
        // it is stricter than convex/tsconfig.json (noUncheckedIndexedAccess), whose types would call the `!`s the
        // root build needs "unnecessary".
        project: "./tsconfig.json",
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_`-prefixed names are deliberately unused (a required parameter, a value left out of a spread).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // An aborted wait rejects with its AbortSignal's `reason` (typed any), as the platform's own APIs do.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingAny: true }],
    },
  },
  {
    // Plain JavaScript (this file) is in no tsconfig, so it gets no type information.
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },

  // Where each part of the tree runs.
  {
    // Pages and components run in the browser (and are rendered on the server first).
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/api/**", "app/**/*.test.ts"],
    languageOptions: { globals: globals.browser },
  },
  {
    // Route handlers, the proxy (Next's middleware), the config files, tools, benchmarks and tests run in Node.
    files: [
      "app/api/**/*.ts",
      "**/*.test.ts",
      "*.config.ts",
      "proxy.ts",
      "tools/**/*.ts",
      "bench/**/*.ts",
      "e2e/**/*.ts",
      "lib/tiktok/testing/**/*.ts",
    ],
    languageOptions: { globals: globals.node },
  },
  {
    // lib/ is shared: the TikTok client runs in Convex actions and Node, lib/ui in the browser too.
    files: ["lib/**/*.ts"],
    ignores: ["lib/**/*.test.ts", "lib/tiktok/testing/**"],
    languageOptions: { globals: globals["shared-node-browser"] },
  },
  {
    // Convex's runtime has the web platform's globals (fetch, crypto, URL…), not Node's, except process.env.
    files: ["convex/**/*.ts"],
    ignores: ["convex/**/*.test.ts"],
    languageOptions: { globals: { ...globals["shared-node-browser"], process: "readonly" } },
  },

  {
    files: ["app/**/*.{ts,tsx}"],
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      // React ignores what an event handler returns (onConfirm too); the async ones here handle their own errors.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Tests and their helpers.
    files: ["**/*.test.ts", "tools/tiktok-sim/test-helpers.ts", "tools/convex-gateway/test-support.ts"],
    rules: {
      // Tests parse wire answers (`await res.json()`, envelopes) as `any` on purpose: the assertions are the check.
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      // Test doubles are async to match the interface they stand in for, and an async `throw` is how they reject.
      "@typescript-eslint/require-await": "off",
    },
  },
  // Convex's recommended rules; the config limits itself to **/convex/**/*.ts (convex/_generated is ignored above).
  convexPlugin.configs.recommended,
);
