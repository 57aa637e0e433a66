// Child process for the scratch folder tests: uses a scratch folder of prefix argv[4] in
// argv[3] (writes a file there), says "using" on stdout, and then waits to be killed.
import { writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
const [scratchModule, base, prefix] = process.argv.slice(2);
const { withScratchFolder } = await import(scratchModule);
await withScratchFolder(
  prefix,
  async (dir) => {
    await writeFile(`${dir}/half`, "x".repeat(100_000));
    process.stdout.write("using\n");
    await sleep(120_000);
  },
  base,
);
