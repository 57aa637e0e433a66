/**
 * Errors through the real binary: a Debian package name apt's lists do not have is
 * found when the configuration is evaluated, with its code, the option, the module's
 * file and line and a "Did you mean"; no report shows tsden's own stack frames.
 */
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTsden } from "./run-tsden.js";

const hasApt = spawnSync("apt-cache", ["pkgnames", "cowsay"], { encoding: "utf8" }).stdout?.includes("cowsay") === true;
let dir: string;

const hosts = `import { osClassModule, type Pkgs } from "tsden";

export default {
  imports: [osClassModule],
  den: {
    hosts: { "x86_64-linux": { server: {} } },
    aspects: {
      server: {
        os: ({ pkgs }: { pkgs: Pkgs }) => ({
          environment: { systemPackages: [pkgs.cowsy] },
        }),
      },
    },
  },
};
`;

function tsden(args: string[]) {
  return runTsden(args, { cwd: dir, env: { TSDEN_STORE: join(dir, "store") } });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-cli-errors-"));
  await mkdir(join(dir, "modules"));
  await writeFile(join(dir, "modules/hosts.ts"), hosts);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("error reports", () => {
  it.skipIf(!hasApt)(
    "an unknown Debian package is an evaluation error with its code, file, line and close matches",
    () => {
      const r = tsden(["eval", "osConfigurations.server.config.environment.systemPackages"]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(
        `error[UNKNOWN_PACKAGE]: pkgs.cowsy: apt's lists have no Debian package named "cowsy".`,
      );
      expect(r.stderr).toContain(
        "  option:  environment.systemPackages\n  defined: modules/hosts.ts (reads pkgs.cowsy)",
      );
      expect(r.stderr).toMatch(/hint: {4}Did you mean pkgs\.cowsay\b/);
      expect(r.stderr).toContain("  --> modules/hosts.ts:10:43");
      expect(r.stderr).toContain("  > 10 |           environment: { systemPackages: [pkgs.cowsy] },");
      // no frame of tsden's own code
      expect(r.stderr).not.toMatch(/dist\/|src\/(modules|os|store)\//);
      const json = JSON.parse(tsden(["build", "osConfigurations.server", "--json", "--no-link"]).stdout).error;
      expect(json).toMatchObject({
        code: "UNKNOWN_PACKAGE",
        option: "environment.systemPackages",
        file: "modules/hosts.ts",
        definitions: [{ file: "modules/hosts.ts", line: 10 }],
      });
      expect(json.hint).toMatch(/^Did you mean pkgs\.cowsay/);
    },
  );
});
