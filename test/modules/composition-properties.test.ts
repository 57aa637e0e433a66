/**
 * The module-system properties the three-layer composition pattern relies on, on small modules: specialArgs with priority
 * wrappers nested inside them, a host and a VM reading each other's values through
 * specialArgs without a cycle, a real cycle across the two evaluations reported as the
 * chain of option paths with their files, extendModules leaving its base unchanged.
 */
import { describe, expect, it } from "vitest";
import {
  evalModules,
  evaluationStats,
  lazy,
  mkDefault,
  mkForce,
  mkIf,
  mkMerge,
  mkOption,
  ModuleError,
  types,
} from "../../src/modules/index.js";

const settings = {
  _file: "settings.ts",
  options: {
    debug: mkOption({ type: types.bool, default: false }),
    level: mkOption({ type: types.str, default: "info" }),
  },
};
const fromGlobal = ({ globalConfig }: any) => ({
  _file: "from-global.ts",
  debug: globalConfig.debug.enable,
  level: globalConfig.logging.level,
});

function thrown(f: () => unknown): ModuleError {
  try {
    f();
  } catch (e) {
    if (e instanceof ModuleError) return e;
    throw e;
  }
  throw new Error("expected a ModuleError");
}

describe("priority wrappers inside specialArgs", () => {
  it("a mkDefault nested in a specialArg object arrives unwrapped (the reference passes it raw)", () => {
    const globalConfig = { debug: { enable: mkDefault(true) }, logging: { level: mkForce("debug") } };
    const seen: unknown[] = [];
    const r = evalModules({
      modules: [settings, fromGlobal, ({ globalConfig: g }: any) => (seen.push(g.debug.enable), {})],
      specialArgs: { globalConfig },
    });
    expect(seen).toEqual([true]);
    expect(r.config.debug).toBe(true);
    expect(r.config.level).toBe("debug");
    // the caller's object is not changed
    expect(globalConfig.debug.enable).toBeInstanceOf(Object);
  });

  it("unwraps inside lists, keeps objects without wrappers (identity) and does not force getters", () => {
    const plain = { a: 1 };
    let forced = 0;
    const args = {
      list: [mkDefault("x"), "y"],
      plain,
      lazyOne: {
        get value() {
          forced++;
          return 1;
        },
      },
    };
    const r = evalModules({
      modules: [
        ({ list, plain: p, lazyOne }: any) => ({ _module: { args: { got: { list, same: p === plain, lazyOne } } } }),
      ],
      specialArgs: args,
    });
    const got = r._module.args.got;
    expect(got.list).toEqual(["x", "y"]);
    expect(got.same).toBe(true);
    expect(forced).toBe(0);
  });

  it("modules passed inside a specialArg keep their wrappers (they are definitions)", () => {
    const shared = { _file: "shared.ts", debug: mkDefault(true) };
    const r = evalModules({
      modules: [settings, ({ inputs }: any) => ({ imports: [inputs.modules.shared], debug: false })],
      specialArgs: { inputs: { modules: { shared } } },
    });
    expect(r.config.debug).toBe(false);
  });

  it("mkIf or mkMerge nested in a specialArg is an INVALID_ARGUMENT error naming the path", () => {
    const e = thrown(() =>
      evalModules({ modules: [settings], specialArgs: { globalConfig: { debug: { enable: mkIf(true, true) } } } }),
    );
    expect(e.code).toBe("INVALID_ARGUMENT");
    expect(e.message).toContain("specialArgs.globalConfig.debug.enable is wrapped in mkIf");
    const m = thrown(() => evalModules({ modules: [settings], specialArgs: { hosts: [mkMerge([{ a: 1 }])] } }));
    expect(m.message).toContain('specialArgs.hosts["0"] is wrapped in mkMerge');
  });

  it("top-level priorities still decide between the base's and the extension's specialArgs", () => {
    const base = evalModules({
      modules: [settings, fromGlobal],
      specialArgs: { globalConfig: mkDefault({ debug: { enable: true }, logging: { level: "a" } }) },
    });
    expect(base.config.level).toBe("a");
    const ext = base.extendModules({
      specialArgs: { globalConfig: { debug: { enable: mkDefault(false) }, logging: { level: "b" } } },
    });
    expect([ext.config.debug, ext.config.level]).toEqual([false, "b"]);
    expect([base.config.debug, base.config.level]).toEqual([true, "a"]);
  });
});

/** A host with a table built from its VMs' kinds; each VM reads the table through specialArgs. */
function hostWithVms(vmModule: (name: string) => unknown) {
  const vmOptions = {
    _file: "vm-options.ts",
    options: { kind: mkOption({ type: types.str }), address: mkOption({ type: types.str }) },
  };
  return evalModules({
    modules: [
      ({ config }: any) => ({
        _file: "host.ts",
        options: {
          vms: mkOption({ type: types.lazyAttrsOf(types.unspecified), default: {} }),
          table: mkOption({ type: types.lazyAttrsOf(types.str) }),
        },
        config: {
          vms: lazy(() =>
            Object.fromEntries(
              ["a", "b"].map((name) => [
                name,
                evalModules({
                  modules: [vmOptions, vmModule(name)],
                  specialArgs: {
                    hostConfig: {
                      name,
                      get table() {
                        return config.table;
                      },
                    },
                  },
                }),
              ]),
            ),
          ),
          table: lazy(() => {
            const out: Record<string, string> = {};
            let n = 1;
            for (const name of Object.keys(config.vms).sort()) out[name] = `${config.vms[name].config.kind}-${n++}`;
            return out;
          }),
        },
      }),
    ],
  });
}

describe("host and VMs reading each other through specialArgs", () => {
  it("the host reads each VM's kind while every VM reads the table: no cycle", () => {
    const host = hostWithVms((name) => ({ hostConfig }: any) => ({
      _file: `${name}.ts`,
      kind: name === "a" ? "sys" : "app",
      address: lazy(() => hostConfig.table[hostConfig.name]),
    }));
    expect(host.config.vms.b.config.address).toBe("app-2");
    expect(host.config.table).toEqual({ a: "sys-1", b: "app-2" });
  });

  it("a real cycle (a VM's kind read from the table) is reported as the chain of option paths with their files", () => {
    const host = hostWithVms((name) => ({ hostConfig }: any) => ({
      _file: `${name}.ts`,
      kind: lazy(() => (hostConfig.table[hostConfig.name] ?? "x").slice(0, 3)),
      address: "-",
    }));
    const e = thrown(() => host.config.vms.a.config.kind);
    expect(e.code).toBe("INFINITE_RECURSION");
    expect(e.trail?.map((f) => f.path)).toEqual(["kind", "table"]);
    expect(e.trail?.[0]?.files).toEqual(["a.ts"]);
    expect(e.trail?.[1]?.files).toEqual(["host.ts"]);
    expect(e.message).toContain("`kind' depends on itself");
    expect(e.message).toMatch(/kind {2}\(defined in a\.ts\)\n {2}table {2}\(defined in host\.ts\)\n {2}kind/);
  });
});

describe("extendModules", () => {
  const decl = {
    _file: "decl.ts",
    options: {
      list: mkOption({ type: types.listOf(types.str), default: [] }),
      n: mkOption({ type: types.int, default: 0 }),
    },
  };

  it("leaves the original unchanged; extensions chain, each seeing the layers below it", () => {
    const base = evalModules({ modules: [decl, { _file: "base.ts", list: ["base"], n: 1 }] });
    const before = JSON.stringify(base.config);
    const one = base.extendModules({ modules: [{ _file: "one.ts", list: ["one"] }] });
    const two = one.extendModules({ modules: [{ _file: "two.ts", list: ["two"], n: mkForce(2) }] });
    expect(two.config.list.slice().sort()).toEqual(["base", "one", "two"]);
    expect(two.config.n).toBe(2);
    expect(one.config.list.slice().sort()).toEqual(["base", "one"]);
    expect(one.config.n).toBe(1);
    expect(JSON.stringify(base.config)).toBe(before);
    expect(two.options.list.files.slice().sort()).toEqual(["base.ts", "one.ts", "two.ts"]);
    expect(evaluationStats(one).reused).toBeGreaterThanOrEqual(1);
  });
});
