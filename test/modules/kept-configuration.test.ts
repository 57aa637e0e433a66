import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/**
 * Runs `body` in a child with `gc` exposed, after a preamble that defines `host(i)`: the
 * modules of a small host (50 settings, an attrsOf submodule with 4 guests, a freeform
 * part) and a WeakRef to one of its modules (`watch`). Prints what the body returns.
 */
function child(body: string): any {
  const script = `
const { evalModules, mkOption, mkOverride, mkIf, mkForce, types } = await import(${JSON.stringify(dist)});
const settings = {};
for (let k = 1; k <= 50; k++) settings["o" + k] = mkOption({ type: types.int });
const guest = types.submodule({ options: { mem: mkOption({ type: types.int, default: 512 }), tags: mkOption({ type: types.listOf(types.str), default: [] }) } });
const declare = { _file: "declare.ts", freeformType: types.attrsOf(types.anything), options: { settings, guests: mkOption({ type: types.attrsOf(guest) }) } };
function host(i) {
  const s = {};
  for (let k = 1; k <= 50; k++) s["o" + k] = mkOverride(900, k + i);
  const guests = {};
  for (let g = 1; g <= 4; g++) guests["g" + g] = { mem: mkIf(g > 2, mkForce(256 * g)), tags: ["t" + g] };
  const mine = { _file: "host.ts", settings: s, guests, extra: { index: i } };
  return { modules: [declare, mine], watch: new WeakRef(mine) };
}
/** Host i's evaluation result, and the WeakRef to its own module (nothing else holds the modules). */
function evaluate(i) {
  const h = host(i);
  return { result: evalModules({ modules: h.modules }), watch: h.watch };
}
const settle = async () => { for (let i = 0; i < 3; i++) { await new Promise((r) => setTimeout(r, 0)); gc(); } };
const out = await (async () => { ${body} })();
console.log(JSON.stringify(out));
`;
  const out = execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script]);
  return JSON.parse(out.toString());
}

describe("a configuration kept without its result", () => {
  it("lets go of its evaluation (modules, definitions) once every value was read", () => {
    const out = child(`
      const h = evaluate(7);
      const config = h.result.config;
      h.result = undefined;
      const json = JSON.stringify(config);
      await settle();
      return { released: h.watch.deref() === undefined, same: JSON.stringify(config) === json, o7: config.settings.o7, mem: config.guests.g3.mem, extra: config.extra };
    `);
    expect(out).toEqual({ released: true, same: true, o7: 14, mem: 768, extra: { index: 7 } });
  });

  it("keeps its evaluation while some value was not read yet, and computes it later", () => {
    const out = child(`
      const h = evaluate(3);
      const config = h.result.config;
      h.result = undefined;
      config.settings.o1;
      await settle();
      const kept = h.watch.deref() !== undefined;
      return { kept, o50: config.settings.o50, g4: config.guests.g4 };
    `);
    expect(out).toEqual({ kept: true, o50: 53, g4: { mem: 1024, tags: ["t4"] } });
  });

  it("holds neither its modules nor its evaluation while unread, when its definitions are static data", () => {
    const out = child(`
      const plain = { _file: "plain.ts", options: { port: mkOption({ type: types.int }), tags: mkOption({ type: types.listOf(types.str), default: [] }) } };
      const take = () => {
        const mine = { _file: "mine.ts", port: mkOverride(900, 8080), tags: ["a"] };
        return { watch: new WeakRef(mine), config: evalModules({ modules: [plain, mine] }).config };
      };
      const { watch, config } = take();
      await settle();
      const released = watch.deref() === undefined;
      return { released, port: config.port, tags: config.tags };
    `);
    expect(out).toEqual({ released: true, port: 8080, tags: ["a"] });
  });

  it("stays whole while its result is kept, so the result can still be extended", () => {
    const out = child(`
      const h = evaluate(1);
      const r = h.result;
      JSON.stringify(r.config);
      await settle();
      const kept = h.watch.deref() !== undefined;
      const ext = r.extendModules({ modules: [{ settings: { o2: mkForce(0) } }] });
      return { kept, o2: ext.config.settings.o2, o3: ext.config.settings.o3, base: r.config.settings.o2, defs: r.options.settings.o2.definitions };
    `);
    expect(out).toEqual({ kept: true, o2: 0, o3: 4, base: 3, defs: [3] });
  });

  it("costs its values only: a few KiB per host, not its evaluation", () => {
    const out = child(`
      const used = () => process.memoryUsage().heapUsed;
      const kept = [];
      for (let i = 0; i < 50; i++) { const c = evalModules({ modules: host(i).modules }).config; JSON.stringify(c); }
      await settle();
      const before = used();
      for (let i = 0; i < 300; i++) { const c = evalModules({ modules: host(i).modules }).config; JSON.stringify(c); kept.push(c); }
      await settle();
      return { perHost: (used() - before) / kept.length, n: kept.length };
    `);
    expect(out.n).toBe(300);
    // A kept evaluation of this host was about 50 KiB; its values alone are about 4.
    expect(out.perHost).toBeLessThan(12 * 1024);
  });
});
