// Child process for the store tests: starts a build of a derivation named argv[4] that
// writes part of its output, says "building" on stdout, and then waits to be killed.
import { mkdir, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
const [storeModule, root, name] = process.argv.slice(2);
const { Store } = await import(storeModule);
await new Store(root).realise({
  name,
  builder: "test.hold/1",
  inputs: {},
  build: async (out) => {
    await mkdir(out);
    await writeFile(`${out}/half`, "x".repeat(100_000));
    process.stdout.write("building\n");
    await sleep(120_000);
  },
});
