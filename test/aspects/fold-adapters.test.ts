/** resolve.withAdapter with fold adapters ({ aspect, recurse }): values computed over the tree a resolution walks, across hosts. */
import { describe, expect, it } from "vitest";
import { resolve } from "../../src/aspects/index.js";
import { evalDen } from "./helpers.js";

const getName = ({ aspect, recurse }: any): any => ({
  name: aspect.name,
  adapter: aspect.meta.adapter ?? null,
  provider: aspect.meta.provider ?? [],
  children: aspect.includes.map((i: unknown) => recurse(i)),
});

describe("fold adapters", () => {
  it("see named aspects, function aspects included unapplied among them", () => {
    const r = evalDen(({ den }: any) => ({
      den: {
        aspects: {
          igloo: { includes: [den.aspects.foo] },
          foo: { includes: [den.aspects.bar] },
          bar: ({ host }: any) => ({ os: {} }),
        },
      },
    }));
    const igloo = resolve.withAdapter(getName, "os", r.den.aspects.igloo);
    expect(igloo.name).toBe("igloo");
    expect(igloo.adapter).toBeNull();
    expect(igloo.children[0].name).toBe("foo");
    expect(igloo.children[0].children[0].name).toBe("bar");
  });

  it("meta.provider is the provider path of a provided aspect", () => {
    const r = evalDen(({ den }: any) => ({
      den: {
        aspects: {
          foo: {
            includes: [den.aspects.foo.provides.bar],
            provides: { bar: { includes: [den.aspects.foo.provides.bar.provides.baz], provides: { baz: { os: {} } } } },
          },
        },
      },
    }));
    const foo = resolve.withAdapter(getName, "os", r.den.aspects.foo);
    expect(foo.provider).toEqual([]);
    expect(foo.children[0].provider).toEqual(["foo"]);
    expect(foo.children[0].children[0].provider).toEqual(["foo", "bar"]);
  });

  it("a host detects what another host's pipeline includes (meta key), and collects meta from it", () => {
    const found =
      (key: string) =>
      ({ aspect, recurse }: any): { found: boolean } => ({
        found: aspect.meta.key === key || aspect.includes.some((i: unknown) => recurse(i).found),
      });
    const keys = ({ aspect, recurse }: any): string[] => [
      ...(aspect.meta.sshKey ? [aspect.meta.sshKey] : []),
      ...aspect.includes.flatMap((i: unknown) => recurse(i)),
    ];
    const r = evalDen(({ den }: any) => ({
      den: {
        hosts: { "x86_64-linux": { igloo: {}, iceberg: {} } },
        aspects: {
          foo: { meta: { key: "foo" }, os: { env: { message: "foo" } } },
          bar: { os: { env: { message: "bar" } } },
          igloo: { meta: { sshKey: "ssh-ed25519 AAAA igloo" }, includes: [den.aspects.foo] },
          iceberg: {
            includes: [
              ({ host }: any) => {
                const others = Object.values(den.hosts[host.system]).filter((h: any) => h !== host) as any[];
                const detected = others.some(
                  (h) => resolve.withAdapter(found("foo"), "os", den.ctx.host({ host: h })).found,
                );
                const collected = others.flatMap((h) => resolve.withAdapter(keys, h.class, h.resolved));
                return { includes: detected ? [den.aspects.bar] : [], os: { env: { KEYS: collected.join(",") } } };
              },
            ],
          },
        },
      },
    }));
    const env = r.flake.osConfigurations.iceberg.config.env;
    expect(env).toEqual({ message: "bar", KEYS: "ssh-ed25519 AAAA igloo" });
  });

  it("classModule holds the aspect's module of the class resolved", () => {
    const r = evalDen({ den: { aspects: { foo: { os: { list: ["x"] }, includes: [{ hm: { list: [] } }] } } } });
    const count = ({ aspect, recurse, classModule }: any): number =>
      classModule.length + aspect.includes.reduce((n: number, i: unknown) => n + recurse(i), 0);
    expect(resolve.withAdapter(count, "os", r.den.aspects.foo)).toBe(1);
    expect(resolve.withAdapter(count, "hm", r.den.aspects.foo)).toBe(1);
    expect(resolve.withAdapter(count, "nothing", r.den.aspects.foo)).toBe(0);
  });
});
