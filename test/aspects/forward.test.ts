import { describe, expect, it } from "vitest";
import { forward } from "../../src/aspects/index.js";
import { evalDen } from "./helpers.js";

const hostsWith = (users: string[], extra: Record<string, unknown> = {}) => ({
  den: { hosts: { "x86_64-linux": { h: { users: Object.fromEntries(users.map((u) => [u, {}])), ...extra } } } },
});

describe("forward providers", () => {
  it("static path from a custom class into a submodule", () => {
    const r = evalDen(hostsWith([]), {
      den: {
        aspects: {
          h: {
            src: { greeting: "hello" },
            includes: [
              ({ host }: any) =>
                forward({
                  each: [host],
                  fromClass: () => "src",
                  intoClass: () => "os",
                  intoPath: () => ["box", "main"],
                  fromAspect: (h: any) => h.aspect,
                }),
            ],
          },
        },
      },
    });
    expect(r.flake.osConfigurations.h.config.box.main.greeting).toBe("hello");
  });
  it("dynamic path read from the target's config", () => {
    const r = evalDen(hostsWith([]), {
      den: {
        aspects: {
          h: {
            os: { slot: "slot-b" },
            src: { data: "x" },
            includes: [
              ({ host }: any) =>
                forward({
                  each: [host],
                  fromClass: () => "src",
                  intoClass: () => "os",
                  intoPath:
                    () =>
                    ({ config }: any) => ["box", config.slot],
                  fromAspect: (h: any) => h.aspect,
                }),
            ],
          },
        },
      },
    });
    expect(Object.keys(r.flake.osConfigurations.h.config.box)).toEqual(["slot-b"]);
    expect(r.flake.osConfigurations.h.config.box["slot-b"].data).toBe("x");
  });
  it("guarded forward applies only where the guard holds", () => {
    const mk = (slot: string) =>
      evalDen(hostsWith([]), {
        den: {
          aspects: {
            h: {
              os: { slot },
              src: { data: "g" },
              includes: [
                ({ host }: any) =>
                  forward({
                    each: [host],
                    fromClass: () => "src",
                    intoClass: () => "os",
                    intoPath: () => ["box", "g"],
                    fromAspect: (h: any) => h.aspect,
                    guard: ({ config }: any) => config.slot === "slot-on",
                  }),
              ],
            },
          },
        },
      }).flake.osConfigurations.h.config.box;
    expect(mk("slot-on").g.data).toBe("g");
    expect(mk("slot-off")).toEqual({});
  });
  it("evalConfig places the evaluated configuration at a leaf option", () => {
    const r = evalDen(hostsWith([]), {
      den: {
        aspects: {
          h: {
            vars: { A: "1", B: "2" },
            includes: [
              ({ host }: any) =>
                forward({
                  each: [host],
                  fromClass: () => "vars",
                  intoClass: () => "os",
                  intoPath: () => ["env"],
                  fromAspect: (h: any) => h.aspect,
                  evalConfig: true,
                }),
            ],
          },
        },
      },
    });
    expect(r.flake.osConfigurations.h.config.env).toEqual({ A: "1", B: "2" });
  });
  it("several items do not collide", () => {
    const r = evalDen(hostsWith(["a", "b", "c"]), {
      den: {
        aspects: { a: { src: { who: "a" } }, b: { src: { who: "b" } }, c: { src: { who: "c" } } },
        ctx: {
          host: {
            includes: [
              ({ host }: any) =>
                forward({
                  each: Object.values(host.users),
                  fromClass: () => "src",
                  intoClass: () => "os",
                  intoPath: (u: any) => ["box", u.name],
                  fromAspect: (u: any) => u.aspect,
                }),
            ],
          },
        },
      },
    });
    const box = r.flake.osConfigurations.h.config.box;
    expect(Object.keys(box).sort()).toEqual(["a", "b", "c"]);
    expect([box.a.who, box.b.who, box.c.who]).toEqual(["a", "b", "c"]);
  });
  it("top-level forward ([] path) imports the class as another class (alias)", () => {
    const r = evalDen(hostsWith([]), {
      den: {
        aspects: {
          h: {
            legacy: { list: ["from-legacy"] },
            includes: [
              ({ host }: any) =>
                forward({
                  each: [host],
                  fromClass: () => "legacy",
                  intoClass: () => "os",
                  intoPath: () => [],
                  fromAspect: (h: any) => h.aspect,
                }),
            ],
          },
        },
      },
    });
    expect(r.flake.osConfigurations.h.config.list).toEqual(["from-legacy"]);
  });
  it("the user class reaches users.users.<name> of its own user only; every user is defined", () => {
    const r = evalDen(hostsWith(["alice", "bob"]), {
      den: { aspects: { alice: { user: { list: ["alice-only"] } }, h: { user: { list: ["host-level"] } } } },
    });
    const users = r.flake.osConfigurations.h.config.users.users;
    expect(users.alice.list).toEqual(["alice-only"]);
    expect(users.bob.list).toEqual([]); // every user is defined, none gets another's user class
  });
  it("mapModule and default source (item.resolved)", () => {
    const r = evalDen(hostsWith([]), {
      den: {
        hosts: { "x86_64-linux": { g: { intoAttr: [] } } },
        aspects: {
          g: { os: { list: ["guest"] } },
          h: {
            includes: [
              ({ host }: any) =>
                forward({
                  each: [r.den.hosts["x86_64-linux"]!.g],
                  fromClass: () => "os",
                  intoClass: () => "os",
                  intoPath: () => ["nested"],
                  mapModule: () => (m: any) => ({ imports: [m] }),
                }),
            ],
          },
        },
      },
    });
    const nested = r.flake.osConfigurations.h.config.nested;
    expect(nested.imports.length).toBe(1);
    expect(r.flake.osConfigurations.g).toBeUndefined();
  });
});
