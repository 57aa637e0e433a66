import { describe, expect, it } from "vitest";
import { evalModules, evaluationStats, mkForce, mkOption, types } from "../../src/index.js";

const decl = {
  _file: "decl.ts",
  options: {
    net: { host: mkOption({ type: types.str }), port: mkOption({ type: types.port, default: 80 }) },
    app: { name: mkOption({ type: types.str }), url: mkOption({ type: types.str }) },
    extra: mkOption({ type: types.attrsOf(types.int), default: {} }),
  },
};
const plain = { _file: "plain.ts", net: { host: "h" }, app: { name: "web", url: "u" } };

describe("extendModules: parts of the configuration the new modules do not touch", () => {
  it("are the base's own nodes, values and all, when read in full", () => {
    const base = evalModules({ modules: [decl, plain] });
    JSON.stringify(base.config);
    const ext = base.extendModules({ modules: [{ app: { name: mkForce("api") } }] });
    expect(ext.config.net).toBe(base.config.net);
    expect(ext.config.app).not.toBe(base.config.app);
    expect(JSON.parse(JSON.stringify(ext.config))).toEqual({
      net: { host: "h", port: 80 },
      app: { name: "api", url: "u" },
      extra: {},
    });
    expect(base.config.app.name).toBe("web");
    expect(evaluationStats(ext).reused).toBeGreaterThanOrEqual(2);
  });

  it("are recomputed when one of their values read an option the new modules change", () => {
    const reads = ({ config }: any) => ({
      _file: "reads.ts",
      net: { host: "h" },
      app: {
        name: "web",
        get url() {
          return `http://${config.net.host}:${config.net.port}`;
        },
      },
    });
    const base = evalModules({ modules: [decl, reads] });
    expect(base.config.app.url).toBe("http://h:80");
    JSON.stringify(base.config);
    const ext = base.extendModules({ modules: [{ net: { port: 8080 } }] });
    expect(ext.config.app.url).toBe("http://h:8080");
    expect(ext.config.app).not.toBe(base.config.app);
  });

  it("are recomputed when one of their values is a path into config that the new modules change", () => {
    const ref = ({ config }: any) => ({
      _file: "ref.ts",
      net: { host: "h" },
      app: { name: config.net.host, url: "u" },
    });
    const base = evalModules({ modules: [decl, ref] });
    JSON.stringify(base.config);
    const ext = base.extendModules({ modules: [{ net: { host: mkForce("other") } }] });
    expect(ext.config.app.name).toBe("other");
    expect(base.config.app.name).toBe("h");
  });

  it("are recomputed when one of their values read a module argument the new modules define", () => {
    const usesArg = ({ tag }: any) => ({ _file: "arg.ts", net: { host: tag.name }, app: { name: "web", url: "u" } });
    const base = evalModules({ modules: [decl, usesArg, { _module: { args: { tag: { name: "one" } } } }] });
    expect(JSON.parse(JSON.stringify(base.config)).net.host).toBe("one");
    const ext = base.extendModules({ modules: [{ _module: { args: { tag: mkForce({ name: "two" }) } } }] });
    expect(ext.config.net.host).toBe("two");
  });

  it("are not taken when the base had not computed them yet, and are right either way", () => {
    const base = evalModules({ modules: [decl, plain] });
    expect(base.config.app.name).toBe("web");
    const ext = base.extendModules({ modules: [{ extra: { k: 1 } }] });
    expect(JSON.parse(JSON.stringify(ext.config))).toEqual({
      net: { host: "h", port: 80 },
      app: { name: "web", url: "u" },
      extra: { k: 1 },
    });
  });

  it("take the new declaration tree when a new module disables a declaring module of the base", () => {
    const more = { _file: "more.ts", key: "more", options: { more: mkOption({ type: types.int, default: 3 }) } };
    const base = evalModules({ modules: [decl, plain, more] });
    JSON.stringify(base.config);
    const ext = base.extendModules({ modules: [{ disabledModules: [{ key: "more" }] }] });
    expect(Object.keys(ext.config)).toEqual(["app", "extra", "net"]);
    expect(JSON.parse(JSON.stringify(ext.config)).net).toEqual({ host: "h", port: 80 });
    expect(base.config.more).toBe(3);
  });

  it("are recomputed (and right) when their definitions are too large to check cheaply", () => {
    const set = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, { v: i }]));
    const run = (n: number) => {
      const base = evalModules({
        modules: [
          {
            options: {
              big: mkOption({ type: types.attrsOf(types.attrsOf(types.int)) }),
              n: mkOption({ type: types.int, default: 0 }),
            },
          },
          { big: set(n) },
        ],
      });
      JSON.stringify(base.config);
      const ext = base.extendModules({ modules: [{ n: 1 }] });
      const last = ext.config.big[`k${n - 1}`].v;
      return { last, n: ext.config.n, reused: evaluationStats(ext).reused };
    };
    expect(run(10)).toMatchObject({ reused: 1, last: 9, n: 1 });
    expect(run(5000)).toMatchObject({ reused: 0, last: 4999, n: 1 });
  });
});
