// ESLint (flat config): the recommended JavaScript and typescript-eslint rules, with the rules
// Prettier owns turned off (eslint-config-prettier). `npm run lint`; formatting is `npm run format`.
const js = require("@eslint/js");
const { defineConfig } = require("eslint/config");
const prettier = require("eslint-config-prettier");
const tseslint = require("typescript-eslint");

// The few Node.js globals the CommonJS scripts use (TypeScript files get theirs from @types/node).
const nodeGlobals = Object.fromEntries(
  ["require", "module", "exports", "process", "console", "__dirname", "__filename", "Buffer"].map((name) => [
    name,
    "readonly",
  ]),
);

module.exports = defineConfig(
  { ignores: ["**/dist/", "**/node_modules/", "bench/results/", ".data/", ".pulumi-state/", ".pulumi-home/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // Unused names are errors, except those written `_name` on purpose (a provider method's
      // fixed signature, a destructured field left out).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // `require` at run time is the design: the serialized shims load the runtime by package
      // name when a method runs, the runtime loads the client only when it needs it, and the
      // scripts are CommonJS.
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  { files: ["**/*.js"], languageOptions: { sourceType: "commonjs", globals: nodeGlobals } },
  // Tests read JSON response bodies of any shape.
  { files: ["tests/**/*.ts", "backend/tests/**/*.ts"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  prettier,
);
