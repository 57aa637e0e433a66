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
import { runTsden } from "./run-tsden.js";

const root = join(import.meta.dirname, "../..");
const tsc = join(root, "node_modules/typescript/bin/tsc");
const tmp = mkdtempSync(join(tmpdir(), "tsden-types-"));
const project = join(tmp, "proj");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function tsden(args: string[], cwd = tmp) {
  return runTsden(args, { cwd });
}

/** Runs tsc on the project in `dir` with `include`; tsden resolves to this package's declarations. */
function typecheck(include: string[], dir = project) {
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
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config, null, 2));
  const r = spawnSync(process.execPath, [tsc, "-p", dir], { cwd: dir, encoding: "utf8" });
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

const vmProject = join(tmp, "vmproj");

beforeAll(() => {
  expect(tsden(["init", "-t", "minimal", "proj"]).code).toBe(0);
  expect(tsden(["init", "-t", "microvm", "vmproj"]).code).toBe(0);
});

describe("tsden types", () => {
  it("writes tsden-config.d.ts with an interface per configuration and doc comments", () => {
    const r = tsden(["types"], project);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Wrote tsden-config.d.ts (Config, OsConfig).\n");
    const text = readFileSync(join(project, "tsden-config.d.ts"), "utf8");
    expect(text).toContain('import type { AspectValue, OsModuleArgs, Package, TypedModule } from "tsden";');
    expect(text).toContain("export interface OsConfig {");
    expect(text).toContain("export type OsModule = TypedModule<OsConfig, OsModuleArgs<OsConfig>>;");
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

/** The member line of `name` at `indent` spaces in a declarations text (after its doc comment). */
function member(text: string, indent: number, name: string): string {
  const line = text.split("\n").find((l) => l.startsWith(`${" ".repeat(indent)}${name}: `));
  expect(line, `${name} at ${indent}`).toBeDefined();
  return line!;
}

/** The text of the member `name` at `indent` spaces: from its line to the next member at that indent. */
function block(text: string, indent: number, name: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`${" ".repeat(indent)}${name}: `));
  expect(start, `${name} at ${indent}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && new RegExp(`^ {${indent}}[\\w"]`).test(l));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

describe("tsden types of a project with microVMs", () => {
  it("declares every class the project uses, with the host's and guests' microvm options", () => {
    const r = tsden(["types"], vmProject);
    expect(r.stderr).toBe("");
    // the os class with package sets brings the per-system output classes (packages, apps, ...)
    expect(r.stdout).toBe(
      "Wrote tsden-config.d.ts (Config, AppsConfig, ChecksConfig, DevShellsConfig, LegacyPackagesConfig, MicrovmConfig, OsConfig, PackagesConfig).\n",
    );
    const text = readFileSync(join(vmProject, "tsden-config.d.ts"), "utf8");
    const os = text.slice(text.indexOf("export interface OsConfig {"));
    // the host module's microvm.vms and the guest module's microvm.hypervisor, in the os class
    expect(member(os, 2, "microvm")).toBe("  microvm: {");
    expect(os).toMatch(/\n {4}vms: \{ \[name: string\]: \{\n/);
    expect(os).toMatch(/\n {4}shares: \{\n/);
    expect(text).toContain("export interface MicrovmConfig {");
    expect(text).toContain(
      "export interface DenClasses {\n  apps?: AppsModule;\n  checks?: ChecksModule;\n  devShells?: DevShellsModule;\n  legacyPackages?: LegacyPackagesModule;\n  microvm?: MicrovmModule;\n  os?: OsModule;\n  packages?: PackagesModule;\n",
    );
  });

  it("types the options of the OS layer and of Den instead of any", () => {
    const text = readFileSync(join(vmProject, "tsden-config.d.ts"), "utf8");
    const config = text.slice(text.indexOf("export interface Config {"), text.indexOf("export type Module ="));
    const os = text.slice(text.indexOf("export interface OsConfig {"));
    expect(member(block(os, 2, "systemd"), 4, "services")).toBe("    services: { [name: string]: {");
    expect(member(block(os, 2, "users"), 4, "users")).toBe("    users: { [name: string]: {");
    expect(member(block(os, 2, "networking"), 4, "interfaces")).toBe("    interfaces: { [name: string]: {");
    expect(member(block(os, 2, "networking"), 4, "hostName")).toBe("    hostName: string;");
    expect(member(block(os, 2, "environment"), 4, "etc")).toBe("    etc: { [name: string]: {");
    expect(member(os, 2, "fileSystems")).toBe("  fileSystems: { [name: string]: {");
    expect(member(config, 4, "hosts")).toBe("    hosts: { [name: string]: { [name: string]: {"); // den.hosts
    expect(member(config, 4, "aspects")).toBe("    aspects: { [name: string]: AspectValue<DenClasses> };"); // den.aspects
    expect(config).toMatch(/\n {6}intoAttr: string\[\];\n/); // a host's fields
    expect(config).toMatch(/\n {8}guests: \(\{ readonly name: string \} \| string\)\[\];\n/); // the microVM integration's schema
    expect(text).toContain(
      'declare module "tsden" {\n  interface ProjectTypes {\n    config: Config;\n    os: OsConfig;\n  }\n}',
    );
  });

  it("declares the OS layer's and the guest's options with the types the library derives from the same declarations", () => {
    mkdirSync(join(vmProject, "agree"), { recursive: true });
    writeFileSync(
      join(vmProject, "agree/same.ts"),
      [
        'import type { MicrovmOptions, OsConfig as LibraryOsConfig } from "tsden";',
        'import type { OsConfig } from "../tsden-config.js";',
        "type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;",
        "type Agrees<K extends keyof LibraryOsConfig> = Same<Pick<OsConfig, K>, Pick<LibraryOsConfig, K>>;",
        "type Net = LibraryOsConfig['networking'];",
        "// a coerced option is declared with what it is coerced from, for definitions",
        "type Gateway = Same<Exclude<OsConfig['networking']['defaultGateway'], string>, Net['defaultGateway']>;",
        "export const agree: [",
        "  Agrees<'boot' | 'fileSystems' | 'environment' | 'system' | 'users' | 'systemd' | 'services'>,",
        "  Agrees<'programs' | 'time' | 'deployment' | 'assertions' | 'warnings'>,",
        "  Same<Omit<OsConfig['networking'], 'defaultGateway'>, Omit<Net, 'defaultGateway'>>,",
        "  Gateway,",
        "  Same<Pick<OsConfig['microvm'], keyof MicrovmOptions>, MicrovmOptions>,",
        "] = [true, true, true, true, true];",
        "// and a mistake in either would show: a type that differs is not the same",
        "export const differs: Same<OsConfig['boot'], { kernelPath: number }> = false;",
        "",
      ].join("\n"),
    );
    const r = typecheck(["agree", "tsden-config.d.ts"], vmProject);
    expect(r.out).toBe("");
    expect(r.code).toBe(0);
  });

  it("types the arguments of module functions without shapes written by hand (the template's modules pass tsc)", () => {
    const ok = typecheck(["modules", "tsden-config.d.ts"], vmProject);
    expect(ok.out).toBe("");
    expect(ok.code).toBe(0);
    mkdirSync(join(vmProject, "bad"), { recursive: true });
    writeFileSync(
      join(vmProject, "bad/aspect.ts"),
      [
        'import { defineModule } from "tsden";',
        "export default defineModule(({ den }) => ({",
        '  den: { aspects: { web: { includes: [den.provides.hostname], microvm: { autostart: "yes" } } } },',
        "}));",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(vmProject, "bad/os.ts"),
      [
        'import { defineOsModule } from "tsden";',
        "export default defineOsModule(({ pkgs, store, host }) => ({",
        "  environment: { systemPackages: [pkgs.cowsay], etc: { motd: { text: host.name, mode: 644 } } },",
        "  fileSystems: { [store.root]: { fsType: 9 } },",
        "}));",
        "",
      ].join("\n"),
    );
    const r = typecheck(["bad", "tsden-config.d.ts"], vmProject);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/bad\/aspect\.ts\(2,\d+\): error TS2345/);
    expect(r.out).toMatch(/Type 'string' is not assignable to type 'boolean( \| undefined)?'/);
    expect(r.out).toMatch(/bad\/os\.ts\(2,\d+\): error TS2345/);
    expect(r.out).toMatch(/Type 'number' is not assignable to type 'string'/);
    expect(r.out.match(/error TS/g)).toHaveLength(2);
  });

  it("declares Den's user class when an aspect uses it: the options of an entry of users.users", () => {
    writeFileSync(
      join(vmProject, "modules/alice.ts"),
      [
        'import { defineModule } from "tsden";',
        "export default defineModule({",
        '  den: { hosts: { "x86_64-linux": { server: { users: { alice: {} } } } }, aspects: { alice: { user: { extraGroups: ["wheel"] } } } },',
        "});",
        "",
      ].join("\n"),
    );
    const r = tsden(["types"], vmProject);
    expect(r.stdout).toBe(
      "Wrote tsden-config.d.ts (Config, AppsConfig, ChecksConfig, DevShellsConfig, LegacyPackagesConfig, MicrovmConfig, OsConfig, PackagesConfig, UserConfig).\n",
    );
    const text = readFileSync(join(vmProject, "tsden-config.d.ts"), "utf8");
    expect(text).toContain("  user?: UserModule;\n");
    expect(member(text.slice(text.indexOf("export interface UserConfig {")), 2, "extraGroups")).toBe(
      "  extraGroups: string[];",
    );
    expect(typecheck(["modules", "tsden-config.d.ts"], vmProject).out).toBe("");
  });
});
