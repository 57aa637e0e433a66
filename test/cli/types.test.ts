/**
 * `tsden types` through the real binary: declarations generated for a project created
 * from examples/minimal, then `tsc --noEmit` on modules written against them — a typo'd
 * option name and a value of the wrong type are errors, the correct module passes (and
 * evaluates).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "dist/cli/main.js");
const tsc = join(root, "node_modules/typescript/bin/tsc");
const tmp = mkdtempSync(join(tmpdir(), "tsden-types-"));
const project = join(tmp, "proj");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tsden(args: string[], cwd = tmp) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs tsc on the project with `include`; tsden resolves to this package's declarations. */
function typecheck(include: string[]) {
  const config = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: "ES2022",
      module: "ESNext",
      moduleResolution: "Bundler",
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [join(root, "node_modules/@types")],
      paths: { tsden: [join(root, "dist/index.d.ts")] },
    },
    include,
  };
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify(config, null, 2));
  const r = spawnSync(process.execPath, [tsc, "-p", project], { cwd: project, encoding: "utf8" });
  return { code: r.status, out: r.stdout + r.stderr };
}

const correct = `import { defineModule, mkForce } from "tsden";
import type { OsConfig, OsModule } from "../tsden-config.js";

const web = defineModule<OsConfig>(({ config }) => ({
  networking: { hostName: mkForce("web"), firewall: { allowedTCPPorts: [8080] } },
  environment: {
    get motd() {
      return \`\${config.networking.hostName} serves\`;
    },
  },
}));
const quiet = { environment: { motd: "" } } satisfies OsModule;

export default { den: { aspects: { server: { os: web }, laptop: { os: quiet } } } };
`;

beforeAll(() => {
  expect(tsden(["init", "-t", "minimal", "proj"]).code).toBe(0);
});

describe("tsden types", () => {
  it("writes tsden-config.d.ts with an interface per configuration and doc comments", () => {
    const r = tsden(["types"], project);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Wrote tsden-config.d.ts (Config, OsConfig).\n");
    const text = readFileSync(join(project, "tsden-config.d.ts"), "utf8");
    expect(text).toContain('import type { TypedModule } from "tsden";');
    expect(text).toContain("export interface OsConfig {");
    expect(text).toContain("export type OsModule = TypedModule<OsConfig>;");
    expect(text).toMatch(
      / {6}\/\*\*\n {7}\* TCP ports open to the world\.\n {7}\* Type: list of 16 bit unsigned integer[^\n]*\n {7}\* Default: \[\]\n {7}\*\/\n {6}allowedTCPPorts: number\[\];/,
    );
    expect(text).toContain("hostName: string;");
  });

  it("lets tsc accept a correct module, which also evaluates", () => {
    writeFileSync(join(project, "modules/web.ts"), correct);
    const r = typecheck(["modules", "tsden-config.d.ts"]);
    expect(r.out).toBe("");
    expect(r.code).toBe(0);
    const e = tsden(["eval", "--json", "osConfigurations.server.config.networking", "-p", project]);
    expect(e.stderr).toBe("");
    expect(JSON.parse(e.stdout)).toEqual({ firewall: { allowedTCPPorts: [22, 80, 443, 8080] }, hostName: "web" });
  });

  it("makes a typo'd option name and a value of the wrong type tsc errors", () => {
    mkdirSync(join(project, "bad"), { recursive: true });
    writeFileSync(
      join(project, "bad/typo.ts"),
      `import { defineModule } from "tsden";\nimport type { OsConfig } from "../tsden-config.js";\nexport default defineModule<OsConfig>({ networking: { hostNme: "web" } });\n`,
    );
    writeFileSync(
      join(project, "bad/wrong-type.ts"),
      `import type { OsModule } from "../tsden-config.js";\nexport default { networking: { firewall: { allowedTCPPorts: ["22"] } } } satisfies OsModule;\n`,
    );
    const r = typecheck(["bad", "tsden-config.d.ts"]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(
      /bad\/typo\.ts\(3,\d+\): error TS2561: Object literal may only specify known properties, but 'hostNme' does not exist in type .*Did you mean to write 'hostName'\?/,
    );
    expect(r.out).toMatch(
      /bad\/wrong-type\.ts\(2,\d+\): error TS2322: Type 'string' is not assignable to type 'number'\./,
    );
    expect(r.out.match(/error TS/g)).toHaveLength(2);
  });

  it("prints to the standard output with --out -, and one configuration with --host", () => {
    const r = tsden(["types", "--host", "laptop", "--out", "-", "-p", project]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "/** The configuration of host laptop, as its options declare it. */\nexport interface Config {",
    );
    expect(r.stdout).not.toContain("OsConfig");
    expect(tsden(["types", "extra", "-p", project]).code).toBe(2);
  });
});
