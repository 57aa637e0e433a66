/** parametric.fixedTo (full mode) and fixedTo.exactly/atLeast/upTo (parametric-only) on host and user stages, over owned, static, parametric and nested includes. */
import { describe, expect, it } from "vitest";
import { parametric } from "../../src/aspects/index.js";
import { mkOption, types } from "../../src/modules/index.js";
import { evalDen, sorted } from "./helpers.js";

const testOption = { os: { options: { test: mkOption({ type: types.listOf(types.str), default: [] }) } } };
const t = (v: string) => ({ os: { test: [v] } });
type Part = (n: string) => unknown;
const owned: Part = (n) => t(`${n}-owned`);
const stat: Part =
  (n) =>
  ({ class: cls }: any) =>
    t(`${n}-static-${cls}`);
const include: Part =
  (n) =>
  ({ host }: any) => ({ includes: [t(`${n}-parametric-include-${host.name}`)] });
const nested: Part = (n) => ({ includes: [({ host }: any) => t(`${n}-nested-parametric-${host.name}`)] });
const host1: Part =
  (n) =>
  ({ host }: any) =>
    t(`${n}-host-${host.name}`);
const user1: Part =
  (n) =>
  ({ user }: any) =>
    t(`${n}-user-${user.userName}`);
const hostUser: Part =
  (n) =>
  ({ host, user }: any) =>
    t(`${n}-host-user-${host.name}-${user.userName}`);
const named = (n: string, parts: Part[]) => ({ includes: parts.map((p) => p(n)) });
/** An aspect `outer` with the parts and a static include `inner` with the same parts. */
const testAspect = (parts: Part[]) => named("outer", [...parts, () => named("inner", parts)]);

const run = (ctx: Record<string, unknown>) =>
  sorted(
    evalDen({ den: { hosts: { "x86_64-linux": { igloo: { users: { tux: {}, gnu: {} } } } }, ctx } }).flake
      .osConfigurations.igloo.config.test,
  );
const both = (xs: string[]) => sorted(xs.flatMap((x) => [`inner-${x}`, `outer-${x}`]));
const all = [owned, stat, include, nested, host1, user1, hostUser];

describe("parametric dispatch on stages", () => {
  it("on the host stage: owned, static, and the functions of { host }", () => {
    expect(run({ host: { includes: [testOption, testAspect(all)] } })).toEqual(
      both(["host-igloo", "nested-parametric-igloo", "owned", "parametric-include-igloo", "static-os"]),
    );
  });

  it("on the user stage: owned and static once (later visits are parametric-only), functions per user", () => {
    expect(run({ host: { includes: [testOption] }, user: { includes: [testAspect(all)] } })).toEqual(
      both([
        "host-igloo",
        "host-igloo",
        "host-user-igloo-gnu",
        "host-user-igloo-tux",
        "nested-parametric-igloo",
        "nested-parametric-igloo",
        "owned",
        "parametric-include-igloo",
        "parametric-include-igloo",
        "static-os",
        "user-gnu",
        "user-tux",
      ]),
    );
  });
});

describe("parametric.fixedTo matchers (parametric-only)", () => {
  it("fixedTo.exactly { host }: the functions of exactly { host }, at any depth; no owned or static", () => {
    const host = { includes: [testOption, ({ host }: any) => parametric.fixedTo.exactly({ host }, testAspect(all))] };
    expect(run({ host })).toEqual(both(["host-igloo", "nested-parametric-igloo", "parametric-include-igloo"]));
  });

  it("fixedTo.exactly { host, user }: only the functions of exactly { host, user }", () => {
    const user = { includes: [({ host, user }: any) => parametric.fixedTo.exactly({ host, user }, testAspect(all))] };
    expect(run({ host: { includes: [testOption] }, user })).toEqual(
      both(["host-user-igloo-gnu", "host-user-igloo-tux"]),
    );
  });

  it("fixedTo.atLeast { host }: as exactly on a context of one key", () => {
    const host = { includes: [testOption, ({ host }: any) => parametric.fixedTo.atLeast({ host }, testAspect(all))] };
    expect(run({ host })).toEqual(both(["host-igloo", "nested-parametric-igloo", "parametric-include-igloo"]));
  });

  it("fixedTo.atLeast { host, user }: every function whose arguments the context has", () => {
    const user = { includes: [({ host, user }: any) => parametric.fixedTo.atLeast({ host, user }, testAspect(all))] };
    expect(run({ host: { includes: [testOption] }, user })).toEqual(
      both([
        "host-igloo",
        "host-igloo",
        "host-user-igloo-gnu",
        "host-user-igloo-tux",
        "nested-parametric-igloo",
        "nested-parametric-igloo",
        "parametric-include-igloo",
        "parametric-include-igloo",
        "user-gnu",
        "user-tux",
      ]),
    );
  });

  it("fixedTo.upTo { host, user }: functions of part of the context get only that part", () => {
    const rest: Part =
      (n) =>
      ({ user, ...others }: any) =>
        t(`${n}-others-${Object.keys(others).length}-${user.name}`);
    const user = {
      includes: [({ host, user }: any) => parametric.fixedTo.upTo({ host, user }, testAspect([...all, rest]))],
    };
    expect(run({ host: { includes: [testOption] }, user })).toEqual(
      both([
        "host-igloo",
        "host-igloo",
        "host-user-igloo-gnu",
        "host-user-igloo-tux",
        "nested-parametric-igloo",
        "nested-parametric-igloo",
        "others-0-gnu",
        "others-0-tux",
        "parametric-include-igloo",
        "parametric-include-igloo",
        "user-gnu",
        "user-tux",
      ]),
    );
  });

  it("fixedTo { host } (full mode) from a function: owned, static and the functions", () => {
    const host = { includes: [testOption, ({ host }: any) => parametric.fixedTo({ host }, testAspect(all))] };
    expect(run({ host })).toEqual(
      both(["host-igloo", "nested-parametric-igloo", "owned", "parametric-include-igloo", "static-os"]),
    );
  });
});
