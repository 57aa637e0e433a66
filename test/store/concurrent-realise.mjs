// Child process for store.test.ts: realises one slow derivation and prints its path.
import { appendFile, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
const [storeModule, root, log] = process.argv.slice(2);
const { Store } = await import(storeModule);
const path = await new Store(root).realise({
  name: "slow",
  builder: "test.concurrent/1",
  inputs: { n: 1 },
  build: async (out) => {
    await appendFile(log, `${process.pid}\n`);
    await sleep(400);
    await writeFile(out, `built by ${process.pid}\n`);
  },
});
process.stdout.write(path);
