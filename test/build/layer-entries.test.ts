/**
 * The built package runs one script per layer (scripts/bundle.mjs, scripts/tsden-loader.js):
 * `tsden/<layer>` runs the scripts of that layer and of the layers it imports, and no
 * other; the package root runs every layer's but the CLI's; every entry gives the names
 * of its layer's index from one shared instance. Each case runs in a child process with
 * an empty cache folder, so the scripts it runs are also seen in the code caches it
 * leaves (one per script compiled).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const loader = join(root, "dist/cli/tsden-loader.js");
const caches: string[] = [];
afterAll(() => {
  for (const dir of caches) rmSync(dir, { recursive: true, force: true });
});

/** Runs `source` (an ES module) in the package folder with a fresh cache; its JSON output and the code caches written. */
function run(source: string): { out: unknown; cached: string[] } {
  const cache = mkdtempSync(join(tmpdir(), "tsden-layer-entries-"));
  caches.push(cache);
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", source], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, XDG_CACHE_HOME: cache },
  });
  const dir = join(cache, "tsden", "code");
  const cached = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(".bin")) : [];
  return { out: JSON.parse(out), cached };
}

/** The layers whose scripts importing `entry` runs, lowest first. */
function layersRunBy(entry: string): { layers: string[]; cached: string[] } {
  const { out, cached } = run(`await import(${JSON.stringify(entry)});
const { loadedLayers } = await import(${JSON.stringify(loader)});
console.log(JSON.stringify(loadedLayers()));`);
  const order = ["modules", "aspects", "store", "os", "microvm", "host", "project", "cli"];
  return { layers: (out as string[]).sort((a, b) => order.indexOf(a) - order.indexOf(b)), cached };
}

describe("the package's entry points", () => {
  it.each([
    ["tsden/modules", ["modules"]],
    ["tsden/aspects", ["modules", "aspects"]],
    ["tsden/store", ["modules", "store"]],
    ["tsden/os", ["modules", "aspects", "store", "os"]],
    ["tsden/microvm", ["modules", "aspects", "store", "os", "microvm"]],
    ["tsden/host", ["modules", "aspects", "store", "os", "microvm", "host"]],
    ["tsden", ["modules", "aspects", "store", "os", "microvm", "host", "project"]],
  ])("%s runs the scripts of %j only", (entry, expected) => {
    const { layers, cached } = layersRunBy(entry);
    expect(layers).toEqual(expected);
    // what V8 compiled: one code cache per script run, written at exit
    expect(cached).toHaveLength(expected.length);
  });

  it.each([["--version"], ["--help"]])("the binary answers %s without running any layer's script", (flag) => {
    const cache = mkdtempSync(join(tmpdir(), "tsden-layer-entries-"));
    caches.push(cache);
    execFileSync(process.execPath, [join(root, "dist/cli/main.js"), flag], {
      encoding: "utf8",
      env: { ...process.env, XDG_CACHE_HOME: cache },
    });
    expect(existsSync(join(cache, "tsden", "code"))).toBe(false);
  });

  it("gives each layer's own names, and the root every layer's but the CLI's", async () => {
    const layers = ["modules", "aspects", "store", "os", "microvm", "host", "project"];
    const built = run(`const out = {};
for (const l of ${JSON.stringify(layers)}) out[l] = Object.keys(await import("tsden/" + l)).sort();
out.root = Object.keys(await import("tsden")).sort();
console.log(JSON.stringify(out));`).out as Record<string, string[]>;
    const all: string[] = [];
    for (const layer of layers) {
      const names = Object.keys(await import(join(root, "src", layer, "index.ts"))).sort();
      expect(built[layer], layer).toEqual(names);
      all.push(...names);
    }
    expect(built.root).toEqual(all.sort());
  });

  it("shares one instance: values and classes are the same from every entry", () => {
    const { out } = run(`const m = await import("tsden/modules");
const a = await import("tsden/aspects");
const o = await import("tsden/os");
const r = await import("tsden");
let thrown;
try { a.resolve; r.evalModules({ modules: [{ _file: "x.ts", config: { nope: 1 } }] }).config.nope; } catch (e) { thrown = e; }
console.log(JSON.stringify([
  m.types === r.types, m.evalModules === r.evalModules, a.resolve === r.resolve, o.osModules === r.osModules,
  thrown instanceof m.ModuleError, m.isModuleError(thrown),
]));`);
    expect(out).toEqual([true, true, true, true, true, true]);
  });

  it("lists every layer of the package root in package.json, with its types", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      exports: Record<string, { types: string; default: string }>;
    };
    const layers = readdirSync(join(root, "src"), { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== "cli")
      .map((e) => e.name);
    for (const layer of layers) {
      const entry = pkg.exports[`./${layer}`];
      expect(entry, layer).toEqual({ types: `./dist/${layer}/index.d.ts`, default: `./dist/${layer}/index.js` });
      expect(existsSync(join(root, entry!.types)), entry!.types).toBe(true);
      expect(existsSync(join(root, entry!.default)), entry!.default).toBe(true);
    }
    expect(pkg.exports["."]).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
  });
});
