/**
 * Follows docs/tutorial.md step by step through the real binary: its ```sh blocks run
 * in order (in one shell state: the folder carries over), its ```ts file=PATH blocks
 * are written where they say, and each ```text output block must appear in the output
 * of the shell block before it. `tsden` is the built binary (dist/cli/main.js). Boot
 * steps (```sh boot) really boot the guests, with a time limit. Host steps (```sh host)
 * run as root inside a container with a real systemd (test/support/nspawn-container.ts)
 * where the project folder, the store, node and tsden are bound at the same paths.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Store } from "../../src/store/store.js";
import { boot, containersUnavailable, type Container } from "../support/nspawn-container.js";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "dist/cli/main.js");

/** One block of the tutorial, in document order. */
type Block =
  | { kind: "sh"; code: string; boot: boolean; host: boolean }
  | { kind: "file"; path: string; code: string }
  | { kind: "output"; code: string };

/** The tutorial's blocks: ```sh [boot], ```ts file=PATH, ```text output; other blocks are prose. */
function tutorialBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  for (const m of markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const info = m[1]!.trim().split(/\s+/);
    const code = m[2]!;
    const file = info.find((w) => w.startsWith("file="));
    if (info[0] === "sh") blocks.push({ kind: "sh", code, boot: info.includes("boot"), host: info.includes("host") });
    else if (file) blocks.push({ kind: "file", path: file.slice("file=".length), code });
    else if (info[0] === "text" && info.includes("output")) blocks.push({ kind: "output", code });
  }
  return blocks;
}

const work = mkdtempSync(join(tmpdir(), "tsden-tutorial-"));
let host: Container | undefined;
afterAll(async () => {
  await host?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The container host steps run in (booted on first use): this machine's tools and store at the same paths. */
async function hostContainer(): Promise<Container> {
  const unavailable = containersUnavailable();
  if (unavailable !== null) throw new Error(`the tutorial's host steps need a container: ${unavailable}`);
  host ??= await boot("tsden-tutorial-host", {
    bindReadOnly: [
      process.execPath,
      root,
      realpathSync(join(root, "node_modules")),
      "/var/lib/apt/lists",
      "/etc/apt",
      "/bin/busybox",
    ],
    bind: [work, new Store().root],
  });
  return host;
}

describe("docs/tutorial.md", () => {
  const blocks = tutorialBlocks(readFileSync(join(root, "docs/tutorial.md"), "utf8"));

  it("has the steps init → host → two guests → build → run", () => {
    const shell = blocks
      .filter((b) => b.kind === "sh")
      .map((b) => b.code)
      .join("\n");
    for (const step of [
      "tsden init",
      "tsden eval",
      "tsden repl",
      "tsden graph",
      "tsden build",
      "microvm-run",
      "tsden run",
      "tsden switch",
      "tsden status",
    ])
      expect(shell).toContain(step);
    expect(blocks.filter((b) => b.kind === "file").map((b) => (b as { path: string }).path)).toEqual([
      "modules/hosts.ts",
      "modules/hosts.ts",
      "modules/guests.ts",
    ]);
  });

  it("runs step by step", async () => {
    // `tsden` on PATH is the built binary
    const shims = join(work, "bin");
    mkdirSync(shims);
    writeFileSync(
      join(shims, "tsden"),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} "$@"\n`,
    );
    chmodSync(join(shims, "tsden"), 0o755);
    const env = { ...process.env, PATH: `${shims}:${process.env.PATH ?? ""}` };
    let cwd = join(work, "home");
    mkdirSync(cwd);
    let last = "";
    for (const [i, b] of blocks.entries()) {
      if (b.kind === "file") {
        mkdirSync(dirname(join(cwd, b.path)), { recursive: true });
        writeFileSync(join(cwd, b.path), b.code);
      } else if (b.kind === "sh") {
        const script = `set -e\n${b.code}\npwd > ${JSON.stringify(join(work, "cwd"))}\n`;
        if (b.host) {
          const c = await hostContainer();
          const r = await c.exec(
            `cd ${JSON.stringify(cwd)} && PATH=${JSON.stringify(shims)}:$PATH bash -c '${script.replace(/'/g, "'\\''")}'`,
            { timeoutMs: 900_000 },
          );
          last = `${r.stdout}${r.stderr}`;
          if (r.code !== 0)
            throw new Error(`host block ${i} failed (exit ${r.code}):\n${b.code}\n--- output:\n${last}`);
        } else {
          const r = spawnSync("bash", ["-c", script], {
            cwd,
            env,
            encoding: "utf8",
            timeout: b.boot ? 240_000 : 120_000,
          });
          last = `${r.stdout}${r.stderr}`;
          if (r.status !== 0)
            throw new Error(`block ${i} failed (exit ${r.status ?? r.signal}):\n${b.code}\n--- output:\n${last}`);
        }
        cwd = readFileSync(join(work, "cwd"), "utf8").trim();
      } else {
        for (const line of b.code.split("\n").filter((l) => l.trim() !== "")) {
          if (!last.includes(line)) throw new Error(`block ${i}: the output lacks \`${line}':\n${last}`);
        }
      }
    }
    // what the steps made
    expect(readFileSync(join(cwd, "hypervisor.svg"), "utf8")).toContain(">den.ctx.microvm-guest</text>");
    expect(last).toContain("microvm web: declared");
    expect(await host!.journal("microvm@db.service")).toContain("db is up, serving port 5432");
  }, 1_800_000);
});
