/**
 * `tsden run` and `tsden build` for a host's guest microVMs through the real binary, on
 * a project made in a temporary folder: the guests are runnable by name (and listed
 * without one), a host's build realises what each guest's runner boots from the
 * store share, a runner refuses to start without it, and Ctrl-C on an interactive run
 * powers the guest off.
 */
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plain, tsdenPty } from "./pty.js";
import { runTsden } from "./run-tsden.js";

const hasQemu = spawnSync("qemu-system-x86_64", ["--version"]).status === 0;
let dir: string;

/** A host `hypervisor` with two guests: `web` greets and powers off; `idle` greets and stays up. */
const hosts = `import { microvmIntegration, osClassModule, type Store } from "tsden";

type Den = { hosts: Record<string, Record<string, unknown>> };

const guest = (name: string, stay: boolean) => ({
  os: ({ store }: { store: Store }) => ({
    boot: { postBootCommands: \`echo "\${name} is up"\`, poweroffAfterCommands: !stay },
    microvm: {
      mem: 256,
      socket: "\${name}.sock",
      shares: [{ proto: "9p", tag: "ro-store", source: store.root, mountPoint: store.root }],
    },
  }),
  microvm: { autostart: false },
});

export default ({ den }: { den: Den }) => ({
  imports: [osClassModule, microvmIntegration],
  den: {
    hosts: {
      "x86_64-linux": {
        hypervisor: {
          microvm: {
            get guests() {
              return [den.hosts["x86_64-linux"]!.web, den.hosts["x86_64-linux"]!.idle];
            },
            sharedStore: false,
          },
        },
        web: { intoAttr: [] },
        idle: { intoAttr: [] },
      },
    },
    aspects: { web: guest("web", false), idle: guest("idle", true) },
  },
});
`;

function tsden(args: string[]) {
  return runTsden(args, { cwd: dir, timeout: 280_000 });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-run-guest-"));
  await mkdir(join(dir, "modules"));
  await writeFile(join(dir, "modules/hosts.ts"), hosts);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("guests of a host", () => {
  it("tsden run without a name lists the host's guests", () => {
    const r = tsden(["run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^ {2}idle {2}microVM of host hypervisor \(osConfigurations\.hypervisor\.config\.microvm\.vms\.idle\.runner\)$/m,
    );
    expect(r.stdout).toMatch(/^ {2}web {3}microVM of host hypervisor/m);
  });

  it("the host's build realises what each guest boots from the store share, and the runner checks it is there", async () => {
    const r = tsden(["build", "osConfigurations.hypervisor"]);
    expect(r.code, r.stderr).toBe(0);
    const runner = await readlink(join(r.stdout.trim(), "vms/web"));
    const script = await readFile(join(runner, "bin/microvm-run"), "utf8");
    const required = [...script.matchAll(/^\[ -e '([^']+)' \] \|\| /gm)].map((m) => m[1]!);
    expect(required.length).toBe(1);
    expect(required[0]).toMatch(/-tsden-system-web$/);
    expect(existsSync(required[0]!)).toBe(true);
    // a runner whose top level is not in the store stops with an error instead of booting a guest that cannot find its root
    const missing = join(dir, "microvm-run-missing");
    await writeFile(missing, script.replaceAll(required[0]!, `${required[0]!}-gone`), { mode: 0o755 });
    const run = spawnSync(missing, { cwd: dir, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`microvm-run: ${required[0]!}-gone is missing from the store`);
  });

  it.skipIf(!hasQemu)(
    "tsden run <guest> boots a guest of a host by its name",
    () => {
      const r = tsden(["run", "web"]);
      expect(r.stdout + r.stderr).toMatch(/^web is up$/m);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    },
    280_000,
  );

  it.skipIf(!hasQemu)(
    "Ctrl-C on an interactive tsden run powers the guest off",
    async () => {
      const pty = tsdenPty(["run", "idle", "--stop-timeout", "60"], dir);
      try {
        await pty.waitFor(/^idle is up$/m, 240_000);
        pty.send("\x03");
        await pty.waitFor("tsden: stopping the microVM", 10_000);
        const code = await pty.exited;
        const text = plain(pty.output());
        expect(text).toContain("tsden: the microVM stopped (exit code 0)");
        expect(text).not.toContain("killing the microVM");
        expect(code).toBe(0);
      } finally {
        pty.kill();
      }
    },
    300_000,
  );
});
