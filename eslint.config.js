// ESLint has one job here: regular expressions must not backtrack super-linearly (formatting and
// all other linting is Biome's). Code under src/resume/ reads uploaded documents, so there a pattern
// may not even move super-linearly (restarting a scan at every position of a long run). Elsewhere
// patterns see configuration and our own identifiers, so only backtracking is checked.
import tsParser from "@typescript-eslint/parser";
import regexp from "eslint-plugin-regexp";

export default [
  {
    files: ["src/**/*.ts"],
    ignores: ["src/**/*.test.ts"],
    languageOptions: { parser: tsParser },
    plugins: { regexp },
    rules: {
      "regexp/no-super-linear-backtracking": "error",
      "regexp/no-misleading-capturing-group": "error",
    },
  },
  {
    files: ["src/resume/**/*.ts"],
    ignores: ["src/**/*.test.ts"],
    rules: { "regexp/no-super-linear-move": "error" },
  },
];
