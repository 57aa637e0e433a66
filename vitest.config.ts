import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // examples import "tsden" as projects do; an example with its own package.json
  // (examples/composition) is outside the package's self-reference scope
  resolve: {
    alias: [{ find: /^tsden$/, replacement: fileURLToPath(new URL("./dist/index.js", import.meta.url)) }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
