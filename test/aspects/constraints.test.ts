/** meta.handleWith and meta.excludes: constraints an aspect declares over its subtree, or globally. */
import { describe, expect, it } from "vitest";
import { aspect, collectPaths, constraints, trace } from "../../src/aspects/index.js";
import { evalDen } from "./helpers.js";

const keep = aspect("keep", { os: { list: ["keep"] } });
const drop = aspect("drop", { os: { list: ["drop"] } });
const other = aspect("other", { os: { list: ["other"] } });

describe("meta.excludes and meta.handleWith", () => {
  it("meta.excludes drops the aspect in the owner's subtree, at any depth, and not elsewhere", () => {
    const inner = aspect("inner", { includes: [drop] });
    const root = aspect("root", { meta: { excludes: [drop] }, includes: [keep, inner] });
    const top = aspect("top", { includes: [root, aspect("sibling", { includes: [drop] })] });
    expect(collectPaths("os", root)).toEqual(["root", "keep", "inner"]);
    expect(collectPaths("os", top)).toEqual(["top", "root", "keep", "inner", "sibling", "drop"]);
    expect(trace("os", root)).toEqual(["root", ["keep"], ["inner", ["~drop"]]]);
  });

  it("meta.handleWith takes one constraint or a list: exclude, substitute, filterBy", () => {
    const both = aspect("root", {
      meta: { handleWith: [constraints.exclude(keep), constraints.exclude("drop")] },
      includes: [keep, drop, other],
    });
    expect(collectPaths("os", both)).toEqual(["root", "other"]);
    const swapped = aspect("root", {
      meta: { handleWith: constraints.substitute(drop, other) },
      includes: [keep, drop],
    });
    expect(collectPaths("os", swapped)).toEqual(["root", "keep", "other"]);
    const filtered = aspect("root", {
      meta: { handleWith: constraints.filterBy((a) => a.name !== "keep") },
      includes: [keep, drop],
    });
    expect(collectPaths("os", filtered)).toEqual(["root", "drop"]);
  });

  it("a global constraint applies to everything walked after its owner, a subtree one only below it", () => {
    const owner = (c: unknown) => aspect("owner", { meta: { handleWith: c } });
    const later = aspect("later", { includes: [drop] });
    expect(collectPaths("os", aspect("top", { includes: [owner(constraints.exclude.global(drop)), later] }))).toEqual([
      "top",
      "owner",
      "later",
    ]);
    expect(collectPaths("os", aspect("top", { includes: [owner(constraints.exclude(drop)), later] }))).toEqual([
      "top",
      "owner",
      "later",
      "drop",
    ]);
    expect(constraints.filterBy.global(() => true).scope).toBe("global");
    expect(constraints.substitute(drop, other)).toMatchObject({
      type: "substitute",
      scope: "subtree",
      identity: "drop",
    });
  });

  it("excluded aspects give nothing to a host; a value that is not a constraint is an error naming the aspect", () => {
    const r = evalDen(({ den }: any) => ({
      den: {
        hosts: { "x86_64-linux": { h: {} } },
        aspects: {
          monitoring: { os: { list: ["monitoring"] } },
          server: { os: { list: ["server"] }, includes: [den.aspects.monitoring] },
          h: { meta: { excludes: [den.aspects.monitoring] }, includes: [den.aspects.server] },
        },
      },
    }));
    expect(r.flake.osConfigurations.h.config.list).toEqual(["server"]);
    expect(() => collectPaths("os", aspect("bad", { meta: { handleWith: [() => null] }, includes: [keep] }))).toThrow(
      /aspect `bad': meta.handleWith takes constraints/,
    );
  });
});
