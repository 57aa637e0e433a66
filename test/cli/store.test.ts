/** `tsden store verify` through the real binary, on a store made in a temporary folder. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Store } from "../../src/store/store.js";
import { runTsden } from "./run-tsden.js";

let dir: string;

function tsden(args: string[]) {
  return runTsden(args, { cwd: dir, env: { TSDEN_STORE: join(dir, "store") } });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-cli-store-"));
});
afterAll(async () => {
  spawnSync("chmod", ["-R", "u+w", dir]);
  await rm(dir, { recursive: true, force: true });
});

it("tsden store verify: exit 0 on an intact store; a damaged entry is named, removed, and exit 1", async () => {
  const store = new Store(join(dir, "store"));
  const path = await store.realise({
    name: "thing",
    builder: "test/1",
    inputs: {},
    build: async (out) => writeFile(out, "intact\n"),
  });
  const ok = tsden(["store", "verify"]);
  expect(ok).toMatchObject({ code: 0, stderr: "" });
  expect(ok.stdout).toBe("1 store entries checked, 0 damaged; 0 downloads checked, 0 damaged\n");
  spawnSync("chmod", ["u+w", path]);
  await writeFile(path, "DAMAGE\n");
  const bad = tsden(["store", "verify"]);
  expect(bad.code).toBe(1);
  expect(bad.stdout).toContain(`damaged: ${path}: the entry has other contents than when it was built (removed)\n`);
  expect(existsSync(path)).toBe(false);
  expect(tsden(["store", "verify"]).code).toBe(0);
  expect(tsden(["store"]).code).toBe(2);
  expect(tsden(["store", "check"]).code).toBe(2);
});
