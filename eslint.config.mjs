// @ts-check
import tseslint from "typescript-eslint";

/**
 * A small rule set on top of tsc: type-only imports stay `import type`, no promise is dropped
 * on the floor, every switch over a union is exhaustive, nothing unused lingers.
 */
export default tseslint.config(
  { ignores: ["artifacts/**", "cache/**", "dist/**", "node_modules/**", "coverage/**", "ignition/**", "**/*.d.ts"] },
  {
    files: ["agents/**/*.ts", "scripts/**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "separate-type-imports" }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
);
