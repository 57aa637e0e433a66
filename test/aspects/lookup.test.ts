/** lookup (Den's angle brackets): den paths, aspects without a prefix, provides by `/`, namespaces; an aspect's classes are keys of it, as in Den. */
import { describe, expect, it } from "vitest";
import { namespace } from "../../src/aspects/index.js";
import { evalDen } from "./helpers.js";

describe("lookup", () => {
  const r = evalDen(
    namespace("ns", true),
    { ns: { moo: { silly: { x: 1 } } } },
    {
      den: {
        hosts: { "x86_64-linux": { igloo: { users: { tux: {} } } } },
        aspects: {
          igloo: {},
          foo: { provides: { bar: { os: {}, provides: { baz: { os: { programs: { fish: { enable: true } } } } } } } },
        },
      },
    },
    ({ den }: any) => ({ den: { aspects: { igloo: { includes: [den.lib.lookup("foo/bar/baz")] } } } }),
  );
  const den = r.den as any;

  it("den paths (dots and slashes), aspects without a prefix, provides, namespaces", () => {
    expect(typeof den.lib.lookup("den/import-tree/host")).toBe("function");
    expect(typeof den.lib.lookup("den.lib.resolve")).toBe("function");
    expect("provides" in den.lib.lookup("igloo")).toBe(true);
    expect("os" in den.lib.lookup("foo/bar")).toBe(true);
    expect("silly" in den.lib.lookup("ns/moo")).toBe(true);
  });

  it("a deep provided aspect looked up in a module body is included", () => {
    expect(r.flake.osConfigurations.igloo.config.programs.fish.enable).toBe(true);
  });

  it("an aspect's class is a key of it (a module of its definitions); a namespace's too", () => {
    const bar = den.aspects.foo.provides.bar;
    expect(Object.keys(bar.os)).toEqual(["imports"]);
    expect("os" in den.aspects.igloo).toBe(false);
    expect("silly" in (r.top.config as any).ns.moo).toBe(true);
  });
});
