// Den benchmark: the reference's performance scenarios (stage chains 5-30
// deep, fan-out 20-50, 20 cross providers, include chains 100 deep, 200 wide, 20x20, a
// 50-way diamond, 50 forwarded items) and a fleet of hosts x 3 users x 30 aspects, each
// measured side by side with the reference (Den under Nix) when it can run here.
//
// Method. A scenario is one host's configuration (a custom class) built from that shape.
// Each scenario is evaluated K times inside ONE evaluation on both sides: K hosts, host
// h<k> with its own copy c<k> of the shape (its aspects, or its `den.ctx` stages and
// providers, reached only from h<k>), so every instance pays for the whole shape. K is
// chosen so that the reference spends well above its process baseline (>= 1 s where a
// single instance is not already longer). The baseline, K empty hosts measured the same
// way, is subtracted on both sides, so the figures are the marginal cost of one
// instance of the shape. tsden: one warm-up, then the median of several runs; the
// reference: one `nix-instantiate --eval --strict` process per (scenario, K).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evalModules, mkOption, types, denModule, forward, take } from "../dist/index.js";

const osClass = {
  _file: "bench-os",
  key: "bench-os",
  options: {
    list: mkOption({ type: types.listOf(types.str), default: [] }),
    box: mkOption({
      type: types.attrsOf(types.submodule({ options: { v: mkOption({ type: types.str, default: "" }) } })),
      default: {},
    }),
    users: {
      users: mkOption({
        type: types.attrsOf(
          types.submodule({ options: { list: mkOption({ type: types.listOf(types.str), default: [] }) } }),
        ),
        default: {},
      }),
    },
  },
};

const range = (n) => [...Array(n).keys()];
const item = (tag) => ({ os: { list: [tag] } });
const listLen = (cfg) => cfg.list.length;

/** Evaluates hosts h0..h{K-1} (plus `modules`) and sums `measure` over their configurations. */
function evalHosts(K, modules, measure = listLen) {
  const hosts = Object.fromEntries(range(K).map((k) => [`h${k}`, {}]));
  const c = evalModules({
    modules: [
      denModule,
      { den: { classes: { os: [osClass] } } },
      { den: { hosts: { "x86_64-linux": hosts } } },
      ...modules,
    ],
  }).config;
  let total = 0;
  for (let k = 0; k < K; k++) total += measure(c.flake.osConfigurations[`h${k}`].config);
  return total;
}

const now = () => process.hrtime.bigint();
const msSince = (s) => Number(process.hrtime.bigint() - s) / 1e6;
// CPU time of the process (all its threads, the garbage collector's included): on a
// loaded machine wall time mostly measures the wait for a core, CPU time much less so
const cpuNow = () => process.cpuUsage();
const cpuMsSince = (s) => {
  const d = process.cpuUsage(s);
  return (d.user + d.system) / 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---- the shapes, in TypeScript: each a function of K giving the modules -------------
// Pipeline shapes: copy k has its own stages (prefix c<k>), reached only from host h<k>.
const mine =
  (k, f) =>
  ({ host }) =>
    host.name === `h${k}` ? f(host) : [];

function tsChain(depth) {
  return (K) =>
    range(K).map((k) => {
      const p = `c${k}`;
      const ctx = { host: { into: { [`${p}s0`]: mine(k, (host) => [{ host, d: 0 }]) } } };
      for (let i = 0; i < depth; i++) {
        ctx[`${p}s${i}`] = {
          includes: [({ d }) => item(`s${d}`)],
          into: i + 1 < depth ? { [`${p}s${i + 1}`]: ({ host }) => [{ host, d: i + 1 }] } : {},
        };
      }
      return { den: { ctx } };
    });
}

function tsFan(n) {
  return (K) =>
    range(K).map((k) => ({
      den: {
        ctx: {
          host: { into: { [`c${k}leaf`]: mine(k, (host) => range(n).map((i) => ({ host, i }))) } },
          [`c${k}leaf`]: { includes: [take.exactly(["host", "i"], ({ i }) => item(`leaf-${i}`))] },
        },
      },
    }));
}

function tsCross(n) {
  return (K) =>
    range(K).map((k) => {
      const provides = {};
      const into = {};
      for (let i = 0; i < n; i++) {
        const t = `c${k}p${i}`;
        provides[t] =
          ({ host }) =>
          ({ c }) =>
            item(`cross-${i}-${c}`);
        into[t] = mine(k, (host) => [{ host, c: t }]);
      }
      return { den: { ctx: { host: { provides, into } } } };
    });
}

/** K copies of an aspect shape: `make(p, h)` gives [static aspects, ({den}) => aspects] for host h with prefix p. */
function copies(make) {
  return (K) => {
    const statics = {};
    const fns = [];
    for (let k = 0; k < K; k++) {
      const [s, f] = make(`c${k}`, `h${k}`);
      Object.assign(statics, s);
      fns.push(f);
    }
    return [
      { den: { aspects: statics } },
      (args) => ({ den: { aspects: Object.assign({}, ...fns.map((f) => f(args))) } }),
    ];
  };
}

const tsDeep = copies((p, h) => {
  const s = {};
  for (let i = 0; i < 100; i++) s[`${p}a${i}`] = { os: { list: [`a${i}`] } };
  return [
    s,
    ({ den }) =>
      Object.fromEntries(
        range(100).map((i) => [i === 0 ? h : `${p}a${i - 1}`, { includes: [den.aspects[`${p}a${i}`]] }]),
      ),
  ];
});
const tsWide = copies((p, h) => {
  const s = {};
  for (let i = 0; i < 200; i++) s[`${p}w${i}`] = { os: { list: [`w${i}`] } };
  return [s, ({ den }) => ({ [h]: { includes: range(200).map((i) => den.aspects[`${p}w${i}`]) } })];
});
const ts20x20 = copies((p, h) => {
  const s = {};
  for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) s[`${p}l${i}_${j}`] = { os: { list: [`l${i}_${j}`] } };
  return [
    s,
    ({ den }) => {
      const a = { [h]: { includes: range(20).map((i) => den.aspects[`${p}m${i}`]) } };
      for (let i = 0; i < 20; i++) a[`${p}m${i}`] = { includes: range(20).map((j) => den.aspects[`${p}l${i}_${j}`]) };
      return a;
    },
  ];
});
const tsDiamond = copies((p, h) => [
  {},
  ({ den }) => {
    const a = {
      [`${p}base`]: { os: { list: ["base"] }, includes: [({ host }) => item(`base-fn-${host.name}`)] },
      [h]: { includes: range(50).map((i) => den.aspects[`${p}d${i}`]) },
    };
    for (let i = 0; i < 50; i++) a[`${p}d${i}`] = { includes: [den.aspects[`${p}base`]], os: { list: [`d${i}`] } };
    return a;
  },
]);
const tsForward = (K) => {
  const each = range(50).map((i) => ({ name: `f${i}`, aspect: { src: { v: `f${i}` } } }));
  const a = {};
  for (let k = 0; k < K; k++)
    a[`h${k}`] = {
      includes: [
        ({ host }) =>
          forward({
            each,
            fromClass: () => "src",
            intoClass: () => "os",
            intoPath: (it) => ["box", it.name],
            fromAspect: (it) => it.aspect,
          }),
      ],
    };
  return [{ den: { aspects: a } }];
};
const boxLen = (cfg) => Object.keys(cfg.box).length;

// ---- the same shapes in Nix, for Den (`ks` = [0 .. K-1], `K` in scope) ---------------
const nrange = (n) => `(lib.range 0 ${n - 1})`;
const ts = "toString";
const perCopy = (pairs) =>
  `den.aspects = lib.listToAttrs (lib.concatMap (k: let p = "c\${${ts} k}"; h = "h\${${ts} k}"; in ${pairs}) ks);`;

const perCopyCtx = (stages) =>
  `imports = map (k: let p = "c\${${ts} k}"; mine = f: { host }: if host.name == "h\${${ts} k}" then f host else [ ]; in { den.ctx = ${stages}; }) ks;`;
function nixChain(depth) {
  return perCopyCtx(
    `{ host.into."\${p}s0" = mine (host: [ { inherit host; } ]); } // lib.listToAttrs (map (i: { name = "\${p}s\${${ts} i}"; value = { includes = [ ({ host }: { bench.list = [ "s\${${ts} i}" ]; }) ]; } // lib.optionalAttrs (i + 1 < ${depth}) { into."\${p}s\${${ts} (i + 1)}" = { host }: [ { inherit host; } ]; }; }) ${nrange(depth)})`,
  );
}
function nixFan(n) {
  return perCopyCtx(
    `{ host.into."\${p}leaf" = mine (host: map (i: { inherit host i; }) ${nrange(n)}); "\${p}leaf".includes = [ ({ host, i }: { bench.list = [ "leaf-\${${ts} i}" ]; }) ]; }`,
  );
}
function nixCross(n) {
  const names = `(map (i: "\${p}p\${${ts} i}") ${nrange(n)})`;
  return perCopyCtx(
    `{ host.into = lib.genAttrs ${names} (t: mine (host: [ { inherit host; c = t; } ])); host.provides = lib.genAttrs ${names} (t: { host }: { host, c }: { bench.list = [ "cross-\${t}-\${c}" ]; }); }`,
  );
}
const nixDeep = perCopy(
  `[ { name = h; value.includes = [ den.aspects."\${p}a0" ]; } ] ++ map (i: { name = "\${p}a\${${ts} i}"; value = { bench.list = [ "a\${${ts} i}" ]; } // lib.optionalAttrs (i < 99) { includes = [ den.aspects."\${p}a\${${ts} (i + 1)}" ]; }; }) ${nrange(100)}`,
);
const nixWide = perCopy(
  `[ { name = h; value.includes = map (i: den.aspects."\${p}w\${${ts} i}") ${nrange(200)}; } ] ++ map (i: { name = "\${p}w\${${ts} i}"; value.bench.list = [ "w\${${ts} i}" ]; }) ${nrange(200)}`,
);
const nix20x20 = perCopy(
  `[ { name = h; value.includes = map (i: den.aspects."\${p}m\${${ts} i}") ${nrange(20)}; } ] ++ lib.concatMap (i: [ { name = "\${p}m\${${ts} i}"; value.includes = map (j: den.aspects."\${p}l\${${ts} i}_\${${ts} j}") ${nrange(20)}; } ] ++ map (j: { name = "\${p}l\${${ts} i}_\${${ts} j}"; value.bench.list = [ "l\${${ts} i}_\${${ts} j}" ]; }) ${nrange(20)}) ${nrange(20)}`,
);
const nixDiamond = perCopy(
  `[ { name = h; value.includes = map (i: den.aspects."\${p}d\${${ts} i}") ${nrange(50)}; } { name = "\${p}base"; value = { bench.list = [ "base" ]; includes = [ ({ host }: { bench.list = [ "base-fn-\${host.name}" ]; }) ]; }; } ] ++ map (i: { name = "\${p}d\${${ts} i}"; value = { includes = [ den.aspects."\${p}base" ]; bench.list = [ "d\${${ts} i}" ]; }; }) ${nrange(50)}`,
);
const nixForward = `den.aspects = lib.listToAttrs (map (k: { name = "h\${${ts} k}"; value.includes = [ ({ host }: den.provides.forward { each = map (i: "f\${${ts} i}") ${nrange(50)}; fromClass = _: "src"; intoClass = _: "bench"; intoPath = it: [ "box" it ]; fromAspect = it: { src.v = it; }; }) ]; }) ks);`;
const nixBoxLen = "builtins.length (builtins.attrNames cfg.box)";

/**
 * name -> { K, want (entries per instance), ts: K => modules, tsMeasure, nix: Nix body, nixMeasure }.
 * K: instances per evaluation, sized from the reference's cost per instance here (a
 * stage chain 5 costs it ~15-30 ms, an include chain 100 deep ~18-24 s): DEN_BENCH_K=name=K,...
 * overrides.
 */
export const scenarios = {
  "stage chain 5": { K: 50, want: 5, ts: tsChain(5), nix: nixChain(5) },
  "stage chain 10": { K: 30, want: 10, ts: tsChain(10), nix: nixChain(10) },
  "stage chain 20": { K: 25, want: 20, ts: tsChain(20), nix: nixChain(20) },
  "stage chain 30": { K: 12, want: 30, ts: tsChain(30), nix: nixChain(30) },
  "fan-out 20": { K: 50, want: 20, ts: tsFan(20), nix: nixFan(20) },
  "fan-out 50": { K: 30, want: 50, ts: tsFan(50), nix: nixFan(50) },
  "20 cross providers": { K: 30, want: 20, ts: tsCross(20), nix: nixCross(20) },
  "include chain 100 deep": { K: 1, want: 100, ts: tsDeep, nix: nixDeep },
  "200 wide": { K: 1, want: 200, ts: tsWide, nix: nixWide },
  "20x20": { K: 1, want: 400, ts: ts20x20, nix: nix20x20 },
  "50-way diamond": { K: 2, want: 52, ts: tsDiamond, nix: nixDiamond },
  "50 forwarded items": { K: 50, want: 50, ts: tsForward, tsMeasure: boxLen, nix: nixForward, nixMeasure: nixBoxLen },
};

for (const kv of (process.env.DEN_BENCH_K ?? "").split(",").filter(Boolean)) {
  const [name, k] = kv.split("=");
  if (!scenarios[name]) throw new Error(`DEN_BENCH_K: no scenario ${name}`);
  scenarios[name].K = Number(k);
}

/**
 * tsden: median ms of the scenario with K instances and of K empty hosts, runs
 * interleaved (after one warm-up of each) so that both see the same heap and load.
 */
function tsRun(sc, K) {
  const mods = sc.ts(K);
  const run = () => evalHosts(K, mods, sc.tsMeasure);
  const base = () => evalHosts(K, []);
  const got = run();
  if (got !== K * sc.want) throw new Error(`den bench: expected ${K * sc.want} entries, got ${got}`);
  base();
  let s = now();
  run();
  const first = msSince(s);
  const reps = Math.max(5, Math.min(15, Math.floor(4000 / Math.max(first, 1)))) | 1;
  const [t, b, tc, bc] = [[], [], [], []];
  for (let i = 0; i < reps; i++) {
    s = now();
    let c = cpuNow();
    run();
    t.push(msSince(s));
    tc.push(cpuMsSince(c));
    s = now();
    c = cpuNow();
    base();
    b.push(msSince(s));
    bc.push(cpuMsSince(c));
  }
  return { total: median(t), base: median(b), cpuTotal: median(tc), cpuBase: median(bc) };
}

// ---- fleet: hosts x 3 users x 30 aspects -------------------------------------------
function fleetModules(n) {
  const hosts = {};
  for (let i = 0; i < n; i++) hosts[`host${i}`] = { users: { alice: {}, bob: {}, carol: {} } };
  const aspects = {};
  for (let k = 0; k < 30; k++) aspects[`feat${k}`] = { os: { list: [`feat${k}`] }, user: { list: [`ufeat${k}`] } };
  const mod = ({ den }) => {
    const a = {};
    for (let i = 0; i < n; i++) a[`host${i}`] = { includes: range(20).map((k) => den.aspects[`feat${(i + k) % 30}`]) };
    for (const u of ["alice", "bob", "carol"]) a[u] = { includes: range(10).map((k) => den.aspects[`feat${k}`]) };
    return { den: { aspects: a } };
  };
  return [{ den: { hosts: { "x86_64-linux": hosts }, aspects } }, mod];
}

/** Milliseconds for evaluating every host of a fleet of n, and the entries found (host list + alice's list). */
export function fleet(n) {
  const mods = fleetModules(n);
  const s = now();
  const cpu = cpuNow();
  const c = evalModules({ modules: [denModule, { den: { classes: { os: [osClass] } } }, ...mods] }).config;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const cfg = c.flake.osConfigurations[`host${i}`].config;
    total += cfg.list.length + cfg.users.users.alice.list.length;
  }
  const ms = msSince(s);
  const cpuMs = cpuMsSince(cpu);
  if (total === 0) throw new Error("fleet: empty");
  return { ms, cpuMs, total };
}

const nixFleetHosts = (n) =>
  `lib.listToAttrs (map (i: { name = "host\${${ts} i}"; value = { class = "bench"; users = { alice = { }; bob = { }; carol = { }; }; }; }) ${nrange(n)})`;
const nixFleetBody = (n) =>
  `den.aspects = lib.listToAttrs (map (k: { name = "feat\${${ts} k}"; value = { bench.list = [ "feat\${${ts} k}" ]; user.list = [ "ufeat\${${ts} k}" ]; }; }) ${nrange(30)}) // lib.listToAttrs (map (i: { name = "host\${${ts} i}"; value.includes = map (k: den.aspects."feat\${${ts} (lib.mod (i + k) 30)}") ${nrange(20)}; }) ${nrange(n)}) // lib.genAttrs [ "alice" "bob" "carol" ] (u: { includes = map (k: den.aspects."feat\${${ts} k}") ${nrange(10)}; });`;

// ---- the reference, Den under Nix ----------------------------------------------------
const DEN_MIRROR = process.env.DEN_MIRROR ?? "/work/.mirror/vic+den/repo";
const NFX_MIRROR = process.env.NIX_EFFECTS_MIRROR ?? "/work/.mirror/vic+nix-effects/repo";
const NIXLIB = process.env.NIXLIB ?? "/work/nixlib/lib";

/** One evaluation: `hosts` (a Nix attrset of host records), `body` (den settings); sums `measure cfg` over the hosts. */
function nixFile({ K = 1, hosts, body = "", measure = "builtins.length cfg.list" }) {
  hosts ??= `lib.listToAttrs (map (k: { name = "h\${${ts} k}"; value.class = "bench"; }) ks)`;
  return `let
  lib = import ${NIXLIB};
  inherit (lib) types mkOption;
  listOpt = mkOption { type = types.listOf types.str; default = [ ]; };
  benchClass = {
    config._module.freeformType = types.lazyAttrsOf types.anything;
    options.list = listOpt;
    options.box = mkOption { type = types.attrsOf (types.submodule { options.v = mkOption { type = types.str; default = ""; }; }); default = { }; };
    options.users.users = mkOption { type = types.attrsOf (types.submodule { options.list = listOpt; }); default = { }; };
  };
  K = ${K};
  ks = lib.range 0 (K - 1);
  ev = lib.evalModules {
    specialArgs = { inputs = { den = import ./den/nix; nix-effects.lib = import ./nfx { inherit lib; }; }; };
    modules = [
      (import ./den/nix).flakeModule
      { options.systems = lib.mkOption { default = [ ]; }; }
      { options.perSystem = lib.mkOption { default = _: { }; type = lib.types.raw; }; }
      ({ den, ... }: { den.hosts.x86_64-linux = ${hosts}; ${body} })
    ];
  };
  hosts = ev.config.den.hosts.x86_64-linux;
  measure = cfg: ${measure};
in lib.foldl' (acc: n: acc + measure (lib.evalModules { modules = [ benchClass hosts.\${n}.mainModule ]; }).config) 0 (builtins.attrNames hosts)
`;
}

/** A temp dir with Den and nix-effects (from local mirrors; no network), or why not. */
function nixSetup() {
  if (spawnSync("nix-instantiate", ["--version"]).status !== 0) return { why: "Nix is not installed" };
  if (!existsSync(NIXLIB)) return { why: `nixpkgs lib not found at ${NIXLIB}` };
  if (!existsSync(DEN_MIRROR) || !existsSync(NFX_MIRROR))
    return {
      why: `Den or nix-effects sources not found (${DEN_MIRROR}, ${NFX_MIRROR}); fetch vic/den and vic/nix-effects`,
    };
  const dir = mkdtempSync(join(tmpdir(), "den-ref-"));
  for (const [src, dst] of [
    [DEN_MIRROR, "den"],
    [NFX_MIRROR, "nfx"],
  ]) {
    mkdirSync(join(dir, dst));
    execFileSync("sh", ["-c", `git -C '${src}' archive HEAD | tar -x -C '${join(dir, dst)}'`]);
  }
  const rev = (m) => execFileSync("git", ["-C", m, "rev-parse", "--short", "HEAD"]).toString().trim();
  return { dir, revs: `vic/den ${rev(DEN_MIRROR)}, nix-effects ${rev(NFX_MIRROR)}` };
}

let fileNo = 0;
/** Milliseconds of one nix-instantiate process evaluating `spec`, and the sum it printed. */
function nixTime(dir, spec) {
  const file = join(dir, `bench-${fileNo++}.nix`);
  writeFileSync(file, nixFile(spec));
  const s = now();
  const r = spawnSync("nix-instantiate", ["--eval", "--strict", file], { cwd: dir, maxBuffer: 1 << 26 });
  const ms = msSince(s);
  if (r.status !== 0)
    return {
      error:
        r.stderr
          .toString()
          .split("\n")
          .filter((l) => /error/.test(l))[0] ?? "failed",
    };
  return { ms, got: Number(r.stdout.toString().trim()) };
}
const nixBaseline = new Map();
function nixBase(dir, K) {
  if (!nixBaseline.has(K)) {
    const runs = [nixTime(dir, { K }), nixTime(dir, { K })];
    if (runs.some((r) => r.error)) throw new Error(`reference baseline failed: ${runs.find((r) => r.error).error}`);
    nixBaseline.set(K, Math.min(...runs.map((r) => r.ms)));
  }
  return nixBaseline.get(K);
}

const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const f = (x, d = 2) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(d));

export function runDen() {
  const started = now();
  const ref = process.env.DEN_BENCH_NO_REF ? { why: "DEN_BENCH_NO_REF is set" } : nixSetup();
  const only = process.env.DEN_BENCH_ONLY ? new RegExp(process.env.DEN_BENCH_ONLY) : null;
  const nixVersion = ref.dir ? spawnSync("nix-instantiate", ["--version"]).stdout.toString().trim() : "";
  console.log(`den: load average ${load()} (${spawnSync("nproc").stdout.toString().trim()} cores)`);
  console.log(
    ref.dir
      ? `den: reference = Den (${ref.revs}, local mirrors) under ${nixVersion}`
      : `den: reference Den NOT measured: ${ref.why}`,
  );
  console.log(
    "den: each scenario is K hosts in one evaluation; per instance = (time - time of K empty hosts) / K, on both sides\n",
  );
  const rows = [];
  for (const [name, sc] of Object.entries(scenarios)) {
    if (only && !only.test(name)) continue;
    const K = sc.K;
    const { total: tsTotal, base: tsB, cpuTotal, cpuBase } = tsRun(sc, K);
    const tsPer = Math.max(tsTotal - tsB, 0) / K;
    const row = { name, K, tsTotal, tsB, tsPer, tsCpuPer: Math.max(cpuTotal - cpuBase, 0) / K };
    if (ref.dir) {
      const r = nixTime(ref.dir, { K, body: sc.nix, measure: sc.nixMeasure });
      if (r.error) row.error = r.error;
      else {
        row.nixB = nixBase(ref.dir, K);
        row.nixTotal = r.ms;
        row.nixPer = Math.max(r.ms - row.nixB, 0) / K;
        if (r.got !== K * sc.want) row.note = `reference gives ${r.got / K} entries per host, expected ${sc.want}`;
      }
    }
    rows.push(row);
    process.stderr.write(`den: ${name} done (${(msSince(started) / 1000).toFixed(0)} s)\n`);
  }
  console.log(
    "| scenario | K | tsden ms/instance | tsden CPU ms/instance | Den ms/instance | speed-up | speed-up incl. baselines | tsden total / baseline ms | Den total / baseline ms | note |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const r of rows) {
    const den = r.error ? `error: ${r.error}` : r.nixPer !== undefined ? f(r.nixPer, 1) : "not run";
    // tsden's marginal cost can vanish in its baseline's noise: then only a lower bound
    const ratio =
      r.nixPer === undefined
        ? ""
        : r.tsPer > (0.02 * r.tsB) / r.K
          ? `x${f(r.nixPer / r.tsPer, 1)}`
          : "(tsden within noise)";
    const gross = r.nixTotal === undefined ? "" : `x${f(r.nixTotal / r.tsTotal, 1)}`;
    const nixTot = r.nixTotal !== undefined ? `${r.nixTotal.toFixed(0)} / ${r.nixB.toFixed(0)}` : "";
    console.log(
      `| ${r.name} | ${r.K} | ${f(r.tsPer, 3)} | ${f(r.tsCpuPer, 3)} | ${den} | ${ratio} | ${gross} | ${f(r.tsTotal)} / ${f(r.tsB)} | ${nixTot} | ${r.note ?? ""} |`,
    );
  }

  if (!only || only.test("fleet")) {
    const sizes = (process.env.DEN_FLEET_SIZES ?? "100,250,500,1000").split(",").map(Number);
    const refSizes = ref.dir
      ? (process.env.DEN_REF_FLEET_SIZES ?? "5,10,20").split(",").filter(Boolean).map(Number)
      : [];
    fleet(sizes[0]); // warm-up
    const fl = [];
    for (const n of sizes) {
      const runs = [fleet(n), fleet(n), fleet(n)];
      fl.push({ n, ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)), total: runs[0].total });
    }
    const refFl = [];
    for (const n of refSizes) {
      const r = nixTime(ref.dir, {
        hosts: nixFleetHosts(n),
        body: nixFleetBody(n),
        measure: "builtins.length cfg.list + builtins.length (cfg.users.users.alice.list or [ ])",
      });
      refFl.push({ n, ...r });
    }
    console.log(
      "\n| fleet (hosts x 3 users x 30 aspects) | tsden ms | tsden ms/host | x of smallest | tsden CPU ms/host |",
    );
    console.log("|---|---:|---:|---:|---:|");
    for (const r of fl)
      console.log(
        `| ${r.n} hosts | ${r.ms.toFixed(0)} | ${(r.ms / r.n).toFixed(2)} | x${(r.ms / r.n / (fl[0].ms / fl[0].n)).toFixed(2)} | ${(r.cpuMs / r.n).toFixed(2)} |`,
      );
    if (refFl.length) {
      const last = fl[fl.length - 1];
      const tsPer = last.ms / last.n;
      console.log(
        `\n| reference fleet | Den ms | Den ms/host | Den marginal ms/host | tsden ms/host (${last.n} hosts) | speed-up per host | note |`,
      );
      console.log("|---|---:|---:|---:|---:|---:|---|");
      refFl.forEach((r, i) => {
        if (r.error) return console.log(`| ${r.n} hosts | error: ${r.error} | | | | | |`);
        const prev = refFl[i - 1];
        const marginal = prev && !prev.error ? (r.ms - prev.ms) / (r.n - prev.n) : null;
        const want = fleet(r.n).total;
        const note = r.got !== want ? `reference gives ${r.got} entries, tsden ${want}` : "";
        console.log(
          `| ${r.n} hosts | ${r.ms.toFixed(0)} | ${(r.ms / r.n).toFixed(1)} | ${marginal === null ? "" : marginal.toFixed(1)} | ${tsPer.toFixed(2)} | x${(r.ms / r.n / tsPer).toFixed(0)} | ${note} |`,
        );
      });
    }
  }
  console.log(`\nden: load average ${load()} at the end; bench took ${(msSince(started) / 1000).toFixed(0)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) runDen();
