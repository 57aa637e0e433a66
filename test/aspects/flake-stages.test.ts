import { describe, expect, it } from "vitest";
import { evalModules, lazy, mkOption, types } from "../../src/modules/index.js";
import { resolve, runPipeline } from "../../src/aspects/index.js";
import { evalDen } from "./helpers.js";

const twoSystems = {
  den: {
    hosts: { "x86_64-linux": { igloo: {}, hidden: { intoAttr: [] } }, "aarch64-linux": { pi: {} } },
    homes: { "x86_64-linux": { tux: {} } },
  },
};

/** `packages: ({ system }) => ...` for an aspect: one package named `name`, its value naming the system. */
const pkg = (name: string) => ({ packages: ({ system }: { system: string }) => ({ [name]: `${name}-${system}` }) });

describe("den.systems", () => {
  it("defaults to the systems of hosts and homes, sorted; falls back to two Linux systems; can be set", () => {
    expect(evalDen(twoSystems).den.systems).toEqual(["aarch64-linux", "x86_64-linux"]);
    expect(evalDen({ den: { homes: { "riscv64-linux": { tux: {} } } } }).den.systems).toEqual(["riscv64-linux"]);
    expect(evalDen().den.systems).toEqual(["aarch64-linux", "x86_64-linux"]);
    expect(evalDen(twoSystems, { den: { systems: ["x86_64-linux"] } }).den.systems).toEqual(["x86_64-linux"]);
  });
});

describe("den.ctx.flake", () => {
  it("visits flake, one flake-system per system, and below each its hosts, homes and per-system outputs", () => {
    const r = evalDen(twoSystems);
    const visits = runPipeline(r.den.ctx, "flake", {}).map((it) =>
      [it.key, ...Object.values(it.ctx).map((v: any) => (typeof v === "string" ? v : v.name))].join(" "),
    );
    const outputs = (system: string) => ["apps", "checks", "devShells"].map((o) => `flake-${o} ${system} ${o}`);
    expect(visits).toEqual([
      "flake",
      "flake-system aarch64-linux",
      ...outputs("aarch64-linux"),
      "flake-legacyPackages aarch64-linux legacyPackages",
      "flake-os pi",
      "flake-packages aarch64-linux packages",
      "flake-system x86_64-linux",
      ...outputs("x86_64-linux"),
      "flake-hm tux",
      "flake-legacyPackages x86_64-linux legacyPackages",
      "flake-os hidden",
      "flake-os igloo",
      "flake-packages x86_64-linux packages",
    ]);
  });

  it("places hosts and homes at their intoAttr through flake-os and flake-hm; intoAttr [] places nothing", () => {
    const r = evalDen(twoSystems);
    expect(Object.keys(r.flake.osConfigurations)).toEqual(["igloo", "pi"]);
    expect(Object.keys(r.flake.homeConfigurations)).toEqual(["tux"]);
    expect(r.flake.osConfigurations.pi.config.networking.hostName).toBe("nixos");
    // only the systems the pipeline visits have outputs
    const one = evalDen(twoSystems, { den: { systems: ["x86_64-linux"] } });
    expect(Object.keys(one.flake.osConfigurations)).toEqual(["igloo"]);
  });

  it("den.ctx.flake({}) is callable like any stage: its flake class is the outputs' module", () => {
    const r = evalDen(twoSystems);
    const ev = evalModules({
      modules: [
        { options: { flake: mkOption({ type: types.attrsOf(types.attrsOf(types.raw)), default: {} }) } },
        resolve("flake", r.den.ctx.flake!({})),
      ],
    });
    expect(Object.keys((ev.config as any).flake.osConfigurations).sort()).toEqual(["igloo", "pi"]);
    // from one system's stage, only that system's hosts
    const one = evalModules({
      modules: [
        { options: { flake: mkOption({ type: types.attrsOf(types.attrsOf(types.raw)), default: {} }) } },
        resolve("flake", r.den.ctx["flake-system"]!({ system: "aarch64-linux" })),
      ],
    });
    expect(Object.keys((one.config as any).flake.osConfigurations)).toEqual(["pi"]);
  });

  it("reading an output twice gives the one instantiated configuration", () => {
    const r = evalDen(twoSystems);
    const first = r.flake.osConfigurations.igloo;
    expect(r.flake.osConfigurations.igloo).toBe(first);
  });

  it("den.ctx.flake-packages.includes makes an aspect's packages class an output of every system", () => {
    const r = evalDen(twoSystems, ({ den }: any) => ({
      den: { aspects: { tools: pkg("hello") }, ctx: { "flake-packages": { includes: [den.aspects.tools] } } },
    }));
    expect(r.flake.packages).toEqual({
      "aarch64-linux": { hello: "hello-aarch64-linux" },
      "x86_64-linux": { hello: "hello-x86_64-linux" },
    });
  });

  it("apps, checks, devShells and legacyPackages come from the classes of the same names", () => {
    const r = evalDen({ den: { hosts: { "x86_64-linux": { igloo: {} } } } }, ({ den }: any) => ({
      den: {
        aspects: {
          dev: {
            apps: { hi: { type: "app", program: "/bin/hi" } },
            checks: ({ system }: { system: string }) => ({ lint: `lint-${system}` }),
            devShells: { default: "shell" },
            legacyPackages: { nested: { tree: 1 } },
          },
        },
        ctx: { flake: { includes: [den.aspects.dev] } },
      },
    }));
    expect(r.flake.apps).toEqual({ "x86_64-linux": { hi: { type: "app", program: "/bin/hi" } } });
    expect(r.flake.checks).toEqual({ "x86_64-linux": { lint: "lint-x86_64-linux" } });
    expect(r.flake.devShells["x86_64-linux"].default).toBe("shell");
    expect(r.flake.legacyPackages["x86_64-linux"].nested.tree).toBe(1);
  });

  it("with flake-system.into.host, each host's pipeline gives the outputs of its own system only", () => {
    const r = evalDen(twoSystems, ({ den }: any) => ({
      den: {
        aspects: { igloo: pkg("from-igloo"), pi: { ...pkg("from-pi"), checks: { pi: "ok" } } },
        ctx: {
          "flake-system": {
            into: ({ system }: { system: string }) => ({
              host: Object.values(den.hosts[system] ?? {}).map((host) => ({ host })),
            }),
          },
        },
      },
    }));
    expect(r.flake.packages).toEqual({
      "aarch64-linux": { "from-pi": "from-pi-aarch64-linux" },
      "x86_64-linux": { "from-igloo": "from-igloo-x86_64-linux" },
    });
    expect(r.flake.checks).toEqual({ "aarch64-linux": { pi: "ok" } });
    // the host pipelines' own class still goes where it went
    expect(Object.keys(r.flake.osConfigurations)).toEqual(["igloo", "pi"]);
  });

  it("without any aspect of an output class, that output is absent", () => {
    const r = evalDen(twoSystems);
    expect(Object.keys(r.flake).sort()).toEqual(["homeConfigurations", "osConfigurations"]);
  });

  it("two aspects defining one package differently conflict, naming the output", () => {
    const r = evalDen({ den: { hosts: { "x86_64-linux": { igloo: {} } } } }, ({ den }: any) => ({
      den: {
        aspects: { a: { packages: { hello: "a" } }, b: { packages: { hello: "b" } } },
        ctx: { "flake-packages": { includes: [den.aspects.a, den.aspects.b] } },
      },
    }));
    expect(() => r.flake.packages["x86_64-linux"].hello).toThrow(/flake\.packages\.x86_64-linux\.hello|hello/);
  });

  it("the flake class of any stage of the pipeline is a module of the outputs (flake.<name>)", () => {
    const r = evalDen(twoSystems, {
      den: {
        ctx: {
          "flake-system": {
            includes: [
              ({ system }: { system: string }) => ({ flake: { flake: { formatter: { [system]: `fmt-${system}` } } } }),
            ],
          },
        },
      },
    });
    expect(r.flake.formatter).toEqual({ "aarch64-linux": "fmt-aarch64-linux", "x86_64-linux": "fmt-x86_64-linux" });
  });
});

describe("den.schema.flake", () => {
  const version = { options: { version: mkOption({ type: types.str, default: "0.0.0" }) } };

  it("declares typed outputs: defaults apply, definitions are checked, the rest stays free", () => {
    const r = evalDen(twoSystems, { den: { schema: { flake: version } }, flake: { extra: { any: 1 } } });
    expect(r.flake.version).toBe("0.0.0");
    expect(r.flake.extra).toEqual({ any: 1 });
    expect(Object.keys(r.flake.osConfigurations)).toEqual(["igloo", "pi"]);
    const bad = evalDen({ den: { schema: { flake: version } }, flake: { version: 3 } });
    expect(() => bad.flake.version).toThrow(/version/);
  });

  it("strict (den.schema.strict.flake): an undeclared output is an error saying where to declare it", () => {
    const r = evalDen(twoSystems, { den: { schema: { strict: { flake: true } } }, flake: { arbitrary: "value" } });
    expect(() => r.flake.arbitrary).toThrow(
      /den \(strict\): the outputs have no `arbitrary'\. Declare it in den\.schema\.flake/,
    );
    // den's own outputs are declared
    const ok = evalDen(twoSystems, { den: { schema: { strict: { flake: true } } } });
    expect(Object.keys(ok.flake.osConfigurations)).toEqual(["igloo", "pi"]);
    // declared in the schema, it is accepted
    const declared = evalDen({
      den: { schema: { strict: { flake: true }, flake: version } },
      flake: { version: "1.2.3" },
    });
    expect(declared.flake.version).toBe("1.2.3");
  });

  it("strict: true covers the outputs too; host fields stay strict per kind", () => {
    const r = evalDen({ den: { schema: { strict: true } }, flake: { arbitrary: 1 } });
    expect(() => r.flake.arbitrary).toThrow(/Declare it in den\.schema\.flake/);
    const hostOnly = evalDen({ den: { schema: { strict: { host: true } } }, flake: { arbitrary: 1 } });
    expect(hostOnly.flake.arbitrary).toBe(1);
  });
});

describe("the perSystem battery (Den's self' and inputs')", () => {
  it("gives the host's class the project's outputs and den.inputs with the host's system selected", () => {
    const other = { packages: { "x86_64-linux": { tool: "tool-x86" }, "aarch64-linux": { tool: "tool-arm" } } };
    const r = evalDen(twoSystems, ({ den }: any) => ({
      den: {
        inputs: { other },
        default: { includes: [den.provides.perSystem] },
        aspects: {
          tools: pkg("hello"),
          igloo: {
            os: ({ perSystem }: any) => ({
              tags: { own: perSystem.self.packages.hello, other: perSystem.other.packages.tool },
            }),
          },
          pi: { os: ({ perSystem }: any) => ({ tags: { own: perSystem.self.packages.hello } }) },
        },
        ctx: { "flake-packages": { includes: [den.aspects.tools] } },
      },
    }));
    expect(r.flake.osConfigurations.igloo.config.tags).toEqual({ own: "hello-x86_64-linux", other: "tool-x86" });
    expect(r.flake.osConfigurations.pi.config.tags).toEqual({ own: "hello-aarch64-linux" });
  });

  it("applies once per entity: on a user context it goes to the user's classes, on a home to the home's class", () => {
    const r = evalDen(
      { den: { hosts: { "x86_64-linux": { igloo: { users: { tux: { classes: ["homeManager"] } } } } } } },
      { den: { homes: { "x86_64-linux": { pingu: {} } } } },
      ({ den }: any) => ({
        den: {
          default: { includes: [den.provides.perSystem] },
          aspects: {
            tools: pkg("hello"),
            pingu: { homeManager: ({ perSystem }: any) => ({ name: perSystem.self.packages.hello }) },
          },
          ctx: { "flake-packages": { includes: [den.aspects.tools] } },
        },
      }),
    );
    expect(r.flake.homeConfigurations.pingu.config.name).toBe("hello-x86_64-linux");
    const user = r.den.hosts["x86_64-linux"]!.igloo!.users.tux!;
    expect(user.hasAspect(r.den.provides.perSystem)).toBe(true);
  });

  it("the user class, forwarded with the host's arguments, gets one perSystem when host and user both include it", () => {
    const r = evalDen({ den: { hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } } } }, ({ den }: any) => ({
      den: {
        default: { includes: [den.provides.perSystem] },
        aspects: {
          tools: pkg("hello"),
          tux: { user: ({ perSystem }: any) => ({ list: [perSystem.self.packages.hello] }) },
        },
        ctx: { "flake-packages": { includes: [den.aspects.tools] } },
      },
    }));
    expect([...r.flake.osConfigurations.igloo.config.users.users.tux.list]).toEqual(["hello-x86_64-linux"]);
  });

  it("per-system output classes receive perSystem too (one package built from another)", () => {
    const r = evalDen({ den: { hosts: { "x86_64-linux": { igloo: {} } } } }, ({ den }: any) => ({
      den: {
        aspects: {
          base: pkg("hello"),
          // a value that reads other outputs is deferred with lazy (freeform values are read when the tree is built)
          wrapper: {
            packages: ({ perSystem }: any) => ({ wrapped: lazy(() => `wrap(${perSystem.self.packages.hello})`) }),
          },
        },
        ctx: { "flake-packages": { includes: [den.aspects.base, den.aspects.wrapper] } },
      },
    }));
    expect(r.flake.packages["x86_64-linux"].wrapped).toBe("wrap(hello-x86_64-linux)");
  });
});
