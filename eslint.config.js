// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "data/", "coverage/", ".tools/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The classic bot bug: a promise nobody awaits loses its error and its ordering.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // The core stays channel-neutral: no messenger, database or cron library may leak in.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "grammy",
                "@grammyjs/*",
                "vk-io",
                "kysely",
                "kysely/*",
                "pg",
                "node-cron",
                "@electric-sql/*",
                "node:fs",
                "node:fs/*",
              ],
              message: "src/core knows no framework, database or file system: put this behind a port.",
            },
          ],
        },
      ],
    },
  },
  {
    // Plain JavaScript outside the TypeScript project (the launcher must run on Node 18/20 as is; the
    // memory probe is preloaded before tsx).
    files: ["eslint.config.js", "scripts/**/*.mjs", "bench/**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
