import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import tseslint from "typescript-eslint";
import noUnscopedWrite from "./eslint-rules/no-unscoped-write.mjs";

/**
 * The lint gate (npm run lint; counted as one test by npm test): typescript-eslint's recommended
 * rules, the type-aware rules about promises, Next.js's recommended rules, no non-null assertions in
 * server code, and no UPDATE / DELETE without WHERE (eslint-rules/no-unscoped-write.mjs).
 */
export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "db/migrations/**", "public/**", "scripts/verify-draw.mjs"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@next/next": nextPlugin, pinpin: { rules: { "no-unscoped-write": noUnscopedWrite } } },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      "@typescript-eslint/no-floating-promises": "error",
      // Event handlers may be async (React ignores what they return: a rejected promise there is
      // handled inside, by the handler's own try/catch and toast); everywhere else a promise passed
      // where a void callback is expected is an error.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "pinpin/no-unscoped-write": "error",
    },
  },
  {
    files: ["server/**/*.{ts,tsx}"],
    rules: { "@typescript-eslint/no-non-null-assertion": "error" },
  },
  {
    files: ["**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { console: "readonly", process: "readonly", URL: "readonly" } },
  },
);
