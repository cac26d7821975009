// ESLint (run by `npm test`): type-aware rules that catch real bugs, mostly around promises, which
// Pulumi programs are full of. Formatting is Prettier's job (.prettierrc.json), not ESLint's.
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/", "**/node_modules/", "bin/", ".bench/", ".charts/", ".render/"] },
    {
        files: ["**/*.ts"],
        extends: [tseslint.configs.base],
        languageOptions: {
            parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname },
        },
        // Some tests disable no-explicit-any, which is not enabled (yet): those directives are not errors.
        linterOptions: { reportUnusedDisableDirectives: "off" },
        rules: {
            // A promise nobody awaits loses its rejection (and a Pulumi apply's error with it).
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-misused-promises": "error",
            "@typescript-eslint/await-thenable": "error",
            "@typescript-eslint/no-for-in-array": "error",
            "@typescript-eslint/only-throw-error": "error",
            "@typescript-eslint/prefer-promise-reject-errors": "error",
            "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],

            "@typescript-eslint/no-require-imports": "error",
            "no-self-compare": "error",
            "no-constant-binary-expression": "error",
            "no-dupe-keys": "error",
            "no-duplicate-case": "error",
            "no-unsafe-finally": "error",
            "no-unsafe-optional-chaining": "error",
            "no-self-assign": "error",
            "no-sparse-arrays": "error",
            eqeqeq: ["error", "always", { null: "ignore" }],
        },
    },
);
