import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { evalModules, lazy, mkIf, mkOption, types, ModuleError } from "../../src/index.js";

const counter = () => {
  let n = 0;
  return {
    hit: () => ++n,
    get count() {
      return n;
    },
  };
};

describe("laziness", () => {
  it("reading one value evaluates only what it needs, once", () => {
    const a = counter();
    const b = counter();
    const { config } = evalModules({
      modules: [
        { options: { a: mkOption({ type: types.int }), b: mkOption({ type: types.int }) } },
        {
          get a() {
            a.hit();
            return 1;
          },
          b: lazy(() => (b.hit(), 2)),
        },
      ],
    });
    expect(config.a).toBe(1);
    expect(config.a).toBe(1);
    expect(a.count).toBe(1);
    expect(b.count).toBe(0);
  });

  it("JSON.stringify gives the whole configuration without _module or functions", () => {
    const r = evalModules({
      modules: [
        {
          options: {
            n: mkOption({ type: types.int, default: 3 }),
            f: mkOption({ type: types.functionTo(types.int), default: (x: unknown) => Number(x) }),
            s: { t: mkOption({ type: types.str, default: "x" }) },
          },
        },
      ],
    });
    const config = r.config;
    expect(JSON.parse(JSON.stringify(config))).toEqual({ n: 3, s: { t: "x" } });
    expect(Object.keys(config)).toEqual(["f", "n", "s"]);
    // As in nixpkgs, `_module` is the result's, not part of its configuration.
    expect("_module" in config).toBe(false);
    expect(config._module).toBeUndefined();
    expect(r._module.check).toBe(true);
  });

  it("taking a path in the module body is free; the getter reads it later", () => {
    const { config } = evalModules({
      modules: [
        {
          options: {
            services: { web: { port: mkOption({ type: types.port, default: 80 }) } },
            url: mkOption({ type: types.str }),
          },
        },
        ({ config }: any) => {
          const cfg = config.services.web;
          return {
            get url() {
              return `http://localhost:${cfg.port}`;
            },
          };
        },
      ],
    });
    expect(config.url).toBe("http://localhost:80");
  });

  it("config = mkIf cfg.enable {...} works while reading cfg.enable (push-down)", () => {
    const { config } = evalModules({
      modules: [
        {
          options: {
            enable: mkOption({ type: types.bool, default: false }),
            port: mkOption({ type: types.int, default: 1 }),
          },
        },
        ({ config }: any) => ({ config: mkIf(config.enable, { port: 2 }) }),
        { enable: true },
      ],
    });
    expect(config.port).toBe(2);
  });

  it("a scalar read and tested in a module body is an error naming the module and the option", () => {
    const r = evalModules({
      modules: [
        {
          options: {
            flag: mkOption({ type: types.bool, default: false }),
            n: mkOption({ type: types.int, default: 0 }),
          },
        },
        ({ config }: any) => ({ _file: "flag-user.ts", n: config.flag ? 1 : 2 }),
      ],
    });
    let err: unknown;
    try {
      void r.config.n;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModuleError);
    expect((err as ModuleError).message).toMatch(/config\.flag/);
    expect((err as ModuleError).hint).toMatch(/get x\(\) \{ return config\.flag; \}/);
  });

  it("a cycle is reported as the chain of option paths with their files, not a stack overflow", () => {
    const { config } = evalModules({
      modules: [
        {
          options: {
            a: mkOption({ type: types.int }),
            b: mkOption({ type: types.int }),
            c: mkOption({ type: types.int }),
          },
        },
        ({ config }: any) => ({
          _file: "cycle.ts",
          get a() {
            return config.b;
          },
          get b() {
            return config.c;
          },
          get c() {
            return config.a;
          },
        }),
      ],
    });
    let err: ModuleError | undefined;
    try {
      void config.a;
    } catch (e) {
      err = e as ModuleError;
    }
    expect(err?.code).toBe("INFINITE_RECURSION");
    expect(err?.trail?.map((f) => f.path)).toEqual(["a", "b", "c"]);
    expect(err?.trail?.[0]?.files).toEqual(["cycle.ts"]);
  });

  const chain = (n: number) => {
    const options: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) options[`o${i}`] = mkOption({ type: types.int });
    const mod = ({ config }: any) => {
      const defs: Record<string, unknown> = { o0: 0 };
      for (let i = 1; i < n; i++)
        Object.defineProperty(defs, `o${i}`, { enumerable: true, get: () => config[`o${i - 1}`] + 1 });
      return defs;
    };
    return evalModules({ modules: [{ options }, mod] }).config;
  };

  it("a deep but finite chain of options evaluates", () => {
    expect(chain(300).o299).toBe(299);
  });

  it("a chain too deep for the stack is a clear error, not a RangeError", () => {
    let err: unknown;
    try {
      void chain(50_000).o49999;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModuleError);
    expect((err as ModuleError).code).toBe("INFINITE_RECURSION");
    expect((err as ModuleError).message).toMatch(/too deep/);
  });

  it("util.inspect (console.log) shows a configuration's values, errors in place", () => {
    const { config } = evalModules({
      modules: [
        {
          options: {
            a: mkOption({ type: types.int, default: 1 }),
            s: { b: mkOption({ type: types.str }) },
            m: mkOption({ type: types.attrsOf(types.int), default: { x: 2 } }),
          },
        },
      ],
    });
    const shown = inspect(config, { breakLength: Infinity });
    expect(shown).toMatch(
      /^\{ a: 1, m: \{ x: 2 \}, s: \{ b: .<error: The option `s\.b' was accessed but has no value defined/,
    );
  });
});
