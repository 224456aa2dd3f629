// ESLint: Next.js's rules (with React, react-hooks and jsx-a11y), typescript-eslint's recommended
// rules, and nothing that only concerns formatting (Prettier owns that). `npm run lint` runs it
// with --max-warnings=0, and `npm test` runs lint first.
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  prettier,
  {
    // Tests and the benchmark: Vitest and Playwright fixtures named use* are not React hooks, and
    // answers of the API under test are read as the loose JSON they are.
    files: ["**/*.test.ts", "src/test/**/*.ts", "e2e/**/*.ts", "bench/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off", "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    ignores: [
      ".next/**",
      ".data/**",
      "node_modules/**",
      "bench/results/**",
      "src/generated/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
];

export default config;
