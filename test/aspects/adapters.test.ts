/** Adapters (meta.adapter, resolve.withAdapter, excludeAspect, substituteAspect, oneOfAspects), collectPaths, trace and includeIf. */
import { describe, expect, it } from "vitest";
import {
  aspect,
  collectPaths,
  excludeAspect,
  includeIf,
  oneOfAspects,
  resolve,
  substituteAspect,
  trace,
} from "../../src/aspects/index.js";
import { evalModules } from "../../src/modules/index.js";
import { hostConfig, osOptions, sorted } from "./helpers.js";

const osList = (root: unknown, adapter?: Parameters<typeof resolve.withAdapter>[0]) =>
  evalModules({ modules: [osOptions, adapter ? resolve.withAdapter(adapter, "os", root) : resolve("os", root)] }).config
    .list as string[];

const monitoring = aspect("monitoring", {
  os: { list: ["monitoring"] },
  provides: { "node-exporter": { os: { list: ["node-exporter"] } } },
});
const exporter = monitoring.provides["node-exporter"]!;
const desktop = aspect("desktop", { os: { list: ["desktop"] } });
const server = aspect("server", { os: { list: ["server"] }, includes: [monitoring, exporter, desktop] });

describe("adapters", () => {
  it("meta.adapter with excludeAspect drops the aspect and what it provides, for the whole subtree", () => {
    const root = aspect("root", { meta: { adapter: excludeAspect(monitoring) }, includes: [server] });
    expect(sorted(osList(root))).toEqual(["desktop", "server"]);
    expect(sorted(osList(aspect("plain", { includes: [server] })))).toEqual([
      "desktop",
      "monitoring",
      "node-exporter",
      "server",
    ]);
  });

  it("substituteAspect walks the replacement instead", () => {
    const laptop = aspect("laptop", { os: { list: ["laptop"] } });
    const root = aspect("root", { meta: { adapter: substituteAspect(desktop, laptop) }, includes: [server] });
    expect(sorted(osList(root))).toEqual(["laptop", "monitoring", "node-exporter", "server"]);
  });

  it("resolve.withAdapter applies adapters from the root; a custom adapter is a function of the aspect", () => {
    expect(sorted(osList(server, excludeAspect("desktop")))).toEqual(["monitoring", "node-exporter", "server"]);
    expect(osList(server, [(a) => (a.name === "server" ? a : null)])).toEqual(["server"]);
  });

  it("oneOfAspects keeps the first candidate the owner's subtree reaches", () => {
    const sops = aspect("sops", { os: { list: ["sops"] } });
    const agenix = aspect("agenix", { os: { list: ["agenix"] } });
    const both = aspect("secrets", {
      meta: { adapter: oneOfAspects([agenix, sops]) },
      includes: [sops, aspect("x", { includes: [agenix] })],
    });
    expect(sorted(osList(both))).toEqual(["agenix"]);
    const onlySops = aspect("secrets2", { meta: { adapter: oneOfAspects([agenix, sops]) }, includes: [sops] });
    expect(osList(onlySops)).toEqual(["sops"]);
  });

  it("meta.adapter works in a den project (host aspect excluding what den.default brings)", () => {
    const cfg = hostConfig(
      {},
      {
        den: {
          default: { includes: [desktop] },
          aspects: { h: { meta: { adapter: excludeAspect(desktop) }, includes: [desktop, server] } },
        },
      },
    );
    // the host's subtree loses desktop; den.default (not under the host aspect) keeps it
    expect(sorted(cfg.list)).toEqual(["desktop", "monitoring", "node-exporter", "server"]);
  });
});

describe("collectPaths and trace", () => {
  it("collectPaths lists the identities reached, without excluded ones", () => {
    expect(collectPaths("os", server)).toEqual(["server", "monitoring", "monitoring/node-exporter", "desktop"]);
    expect(
      collectPaths("os", aspect("r", { meta: { adapter: excludeAspect(monitoring) }, includes: [server] })),
    ).toEqual(["r", "server", "desktop"]);
  });

  it("trace gives the include tree, excluded aspects marked with ~", () => {
    expect(trace("os", aspect("r", { meta: { adapter: excludeAspect(desktop) }, includes: [server] }))).toEqual([
      "r",
      ["server", ["monitoring"], ["node-exporter"], ["~desktop"]],
    ]);
  });
});

describe("includeIf", () => {
  const sops = aspect("sops", { os: { list: ["sops"] } });
  const sopsConf = aspect("sops-conf", { os: { list: ["sops-conf"] } });
  const guarded = includeIf(({ hasAspect }) => hasAspect(sops), [sopsConf]);

  it("includes when the guard holds on the rest of the resolution, wherever the other aspect is", () => {
    expect(sorted(osList(aspect("r", { includes: [guarded, aspect("later", { includes: [sops] })] })))).toEqual([
      "sops",
      "sops-conf",
    ]);
    expect(osList(aspect("r2", { includes: [guarded] }))).toEqual([]);
  });

  it("guards see the class and the context", () => {
    const byClass = aspect("c", {
      includes: [includeIf(({ cls, ctx }) => cls === "os" && ctx.host !== undefined, [sops])],
    });
    expect(osList(byClass)).toEqual([]);
    expect(hostConfig({}, { den: { aspects: { h: { includes: [byClass] } } } }).list).toEqual(["sops"]);
  });

  it("hasAspect of an entity sees what an includeIf brings", () => {
    expect(collectPaths("os", aspect("r", { includes: [sops, guarded] }))).toContain("sops-conf");
  });
});
