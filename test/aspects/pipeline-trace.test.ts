import { describe, expect, it } from "vitest";
import { forward, tracePipeline } from "../../src/aspects/index.js";
import { evalDen, host } from "./helpers.js";

describe("the pipeline trace (tsden graph)", () => {
  it("finds a nested stage's self provider (provides.<last part>) and its cross provider (provides.<dotted path>)", () => {
    const r = evalDen({
      den: {
        hosts: { "x86_64-linux": { h: {} } },
        ctx: {
          host: {
            into: ({ host }: any) => ({ ns: { inner: [{ host, z: "zed" }] } }),
            provides: {
              "ns.inner":
                () =>
                ({ z }: any) => ({ os: { list: [`cross-${z}`] } }),
            },
          },
          ns: {
            inner: {
              provides: {
                inner: ({ host }: any) => ({
                  includes: [
                    forward({
                      each: [host],
                      fromClass: () => "box",
                      intoClass: () => "os",
                      intoPath: () => ["box", "fwd"],
                    }),
                  ],
                }),
              },
            },
          },
        },
      },
    });
    const t = tracePipeline(r.den.ctx as never, host(r));
    const inner = t.stages.find((s) => s.key === "ns.inner")!;
    expect(inner.ctx).toEqual({ host: "h", z: "zed" });
    expect(inner.providers.map((p) => [p.kind, p.identity])).toEqual([
      ["self", "ctx/ns.inner/inner"],
      ["cross", "ctx/host/ns.inner"],
    ]);
    expect(inner.providers[0]!.forwards.map((f) => `${f.fromClass} -> ${f.intoClass}.${f.intoPath}`)).toEqual([
      "box -> os.box.fwd",
    ]);
    expect(inner.providers[1]!.forwards).toEqual([]);
    // and the configuration has both providers' contributions
    expect(r.flake.osConfigurations.h.config.list).toContain("cross-zed");
  });
});
