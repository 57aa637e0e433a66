// Den benchmark (issue 3): the reference's performance scenarios (stage chains 5-30
// deep, fan-out 20-50, 20 cross providers, include chains 100 deep, 200 wide, 20x20, a
// 50-way diamond, 50 forwarded items) and a fleet of hosts x 3 users x 30 aspects,
// each timed as one full evaluation of the host's configuration in a custom class.
// The reference (Den under Nix) is measured side by side when it can run here.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evalModules, mkOption, types, denModule, forward, take } from "../dist/index.js";

const osClass = {
  _file: "bench-os",
  key: "bench-os",
  options: {
    list: mkOption({ type: types.listOf(types.str), default: [] }),
    box: mkOption({ type: types.attrsOf(types.submodule({ options: { v: mkOption({ type: types.str, default: "" }) } })), default: {} }),
    users: { users: mkOption({ type: types.attrsOf(types.submodule({ options: { list: mkOption({ type: types.listOf(types.str), default: [] }) } })), default: {} }) },
  },
};

function run(...modules) {
  const c = evalModules({ modules: [denModule, { den: { classes: { os: [osClass] } } }, ...modules] }).config;
  return c;
}
const oneHost = (extra = {}) => ({ den: { hosts: { "x86_64-linux": { h: extra } } } });
const hostList = (c, name = "h") => c.flake.osConfigurations[name].config.list;

function time(fn, reps = 5) {
  fn();
  const t = [];
  for (let i = 0; i < reps; i++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

const item = (tag) => ({ os: { list: [tag] } });

export const scenarios = {
  "stage chain 5": () => chain(5),
  "stage chain 10": () => chain(10),
  "stage chain 20": () => chain(20),
  "stage chain 30": () => chain(30),
  "fan-out 20": () => fan(20),
  "fan-out 50": () => fan(50),
  "20 cross providers": () => {
    const provides = {};
    const targets = [];
    for (let i = 0; i < 20; i++) {
      provides[`p${i}`] = ({ host }) => ({ c }) => item(`cross-${i}-${c}`);
      targets.push(`p${i}`);
    }
    const c = run(oneHost(), { den: { ctx: { host: { provides, into: ({ host }) => Object.fromEntries(targets.map((t) => [t, [{ host, c: t }]])) } } } });
    return check(hostList(c).length, 20);
  },
  "include chain 100 deep": () => {
    const aspects = {};
    for (let i = 0; i < 100; i++) aspects[`a${i}`] = { os: { list: [`a${i}`] } };
    const c = run(oneHost(), { den: { aspects } }, ({ den }) => ({
      den: { aspects: Object.fromEntries([...Array(100).keys()].map((i) => [i === 0 ? "h" : `a${i - 1}`, { includes: [den.aspects[`a${i}`]] }])) },
    }));
    return check(hostList(c).length, 100);
  },
  "200 wide": () => {
    const aspects = {};
    for (let i = 0; i < 200; i++) aspects[`w${i}`] = { os: { list: [`w${i}`] } };
    const c = run(oneHost(), { den: { aspects } }, ({ den }) => ({ den: { aspects: { h: { includes: [...Array(200).keys()].map((i) => den.aspects[`w${i}`]) } } } }));
    return check(hostList(c).length, 200);
  },
  "20x20": () => {
    const aspects = {};
    for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) aspects[`l${i}_${j}`] = { os: { list: [`l${i}_${j}`] } };
    const c = run(oneHost(), { den: { aspects } }, ({ den }) => {
      const a = { h: { includes: [...Array(20).keys()].map((i) => den.aspects[`m${i}`]) } };
      for (let i = 0; i < 20; i++) a[`m${i}`] = { includes: [...Array(20).keys()].map((j) => den.aspects[`l${i}_${j}`]) };
      return { den: { aspects: a } };
    });
    return check(hostList(c).length, 400);
  },
  "50-way diamond": () => {
    const c = run(oneHost(), ({ den }) => {
      const a = { base: { os: { list: ["base"] }, includes: [({ host }) => item(`base-fn-${host.name}`)] }, h: { includes: [...Array(50).keys()].map((i) => den.aspects[`d${i}`]) } };
      for (let i = 0; i < 50; i++) a[`d${i}`] = { includes: [den.aspects.base], os: { list: [`d${i}`] } };
      return { den: { aspects: a } };
    });
    return check(hostList(c).length, 52);
  },
  "50 forwarded items": () => {
    const each = [...Array(50).keys()].map((i) => ({ name: `f${i}`, aspect: { src: { v: `f${i}` } } }));
    const c = run(oneHost(), { den: { aspects: { h: { includes: [({ host }) => forward({ each, fromClass: () => "src", intoClass: () => "os", intoPath: (it) => ["box", it.name], fromAspect: (it) => it.aspect })] } } } });
    return check(Object.keys(c.flake.osConfigurations.h.config.box).length, 50);
  },
};

function check(got, want) {
  if (got !== want) throw new Error(`den bench: expected ${want}, got ${got}`);
  return got;
}

function chain(depth) {
  const ctx = { host: { into: ({ host }) => ({ s0: [{ host, d: 0 }] }) } };
  for (let i = 0; i < depth; i++) {
    ctx[`s${i}`] = { includes: [({ d }) => item(`s${d}`)], into: i + 1 < depth ? ({ host }) => ({ [`s${i + 1}`]: [{ host, d: i + 1 }] }) : () => ({}) };
  }
  return check(hostList(run(oneHost(), { den: { ctx } })).length, depth);
}

function fan(n) {
  const c = run(oneHost(), { den: { ctx: { host: { into: ({ host }) => ({ leaf: [...Array(n).keys()].map((i) => ({ host, i })) }) }, leaf: { includes: [take.exactly(["host", "i"], ({ i }) => item(`leaf-${i}`))] } } } });
  return check(hostList(c).length, n);
}

/** hosts x 3 users x 30 aspects; returns milliseconds for evaluating every host. */
export function fleet(n) {
  const hosts = {};
  for (let i = 0; i < n; i++) hosts[`host${i}`] = { users: { alice: {}, bob: {}, carol: {} } };
  const aspects = {};
  for (let k = 0; k < 30; k++) aspects[`feat${k}`] = { os: { list: [`feat${k}`] }, user: { list: [`ufeat${k}`] } };
  const mod = ({ den }) => {
    const a = {};
    for (let i = 0; i < n; i++) a[`host${i}`] = { includes: [...Array(20).keys()].map((k) => den.aspects[`feat${(i + k) % 30}`]) };
    for (const u of ["alice", "bob", "carol"]) a[u] = { includes: [...Array(10).keys()].map((k) => den.aspects[`feat${k}`]) };
    return { den: { aspects: a } };
  };
  const s = process.hrtime.bigint();
  const c = run({ den: { hosts: { "x86_64-linux": hosts }, aspects } }, mod);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const cfg = c.flake.osConfigurations[`host${i}`].config;
    total += cfg.list.length + cfg.users.users.alice.list.length;
  }
  const ms = Number(process.hrtime.bigint() - s) / 1e6;
  if (total === 0) throw new Error("fleet: empty");
  return ms;
}

// ---- the reference, Den under Nix, on the same shapes ---------------------------------
const DEN_MIRROR = process.env.DEN_MIRROR ?? "/work/.mirror/vic+den/repo";
const NFX_MIRROR = process.env.NIX_EFFECTS_MIRROR ?? "/work/.mirror/vic+nix-effects/repo";
const NIXLIB = process.env.NIXLIB ?? "/work/nixlib/lib";

const range = (n) => `(lib.range 0 ${n - 1})`;
const nixScenarios = {
  "stage chain 5": () => nixChain(5),
  "stage chain 10": () => nixChain(10),
  "stage chain 20": () => nixChain(20),
  "stage chain 30": () => nixChain(30),
  "fan-out 20": () => nixFan(20),
  "fan-out 50": () => nixFan(50),
  "include chain 100 deep": () => [
    `den.aspects = lib.listToAttrs (map (i: { name = "a\${toString i}"; value = { bench.list = [ "a\${toString i}" ]; } // lib.optionalAttrs (i < 99) { includes = [ den.aspects."a\${toString (i + 1)}" ]; }; }) ${range(100)}) // { h.includes = [ den.aspects.a0 ]; };`,
    100,
  ],
  "200 wide": () => [
    `den.aspects = lib.listToAttrs (map (i: { name = "w\${toString i}"; value.bench.list = [ "w\${toString i}" ]; }) ${range(200)}) // { h.includes = map (i: den.aspects."w\${toString i}") ${range(200)}; };`,
    200,
  ],
  "20x20": () => [
    `den.aspects = lib.listToAttrs (lib.concatMap (i: [ { name = "m\${toString i}"; value.includes = map (j: den.aspects."l\${toString i}_\${toString j}") ${range(20)}; } ] ++ map (j: { name = "l\${toString i}_\${toString j}"; value.bench.list = [ "l\${toString i}_\${toString j}" ]; }) ${range(20)}) ${range(20)}) // { h.includes = map (i: den.aspects."m\${toString i}") ${range(20)}; };`,
    400,
  ],
  "50-way diamond": () => [
    `den.aspects = lib.listToAttrs (map (i: { name = "d\${toString i}"; value = { includes = [ den.aspects.base ]; bench.list = [ "d\${toString i}" ]; }; }) ${range(50)}) // { base = { bench.list = [ "base" ]; includes = [ ({ host }: { bench.list = [ "base-fn-\${host.name}" ]; }) ]; }; h.includes = map (i: den.aspects."d\${toString i}") ${range(50)}; };`,
    52,
  ],
};

function nixChain(depth) {
  return [
    `den.ctx = { host.into.s0 = { host }: [ { inherit host; } ]; } // lib.listToAttrs (map (i: { name = "s\${toString i}"; value = { includes = [ ({ host }: { bench.list = [ "s\${toString i}" ]; }) ]; } // lib.optionalAttrs (i + 1 < ${depth}) { into."s\${toString (i + 1)}" = { host }: [ { inherit host; } ]; }; }) ${range(depth)});`,
    depth,
  ];
}

function nixFan(n) {
  return [`den.ctx.host.into.leaf = { host }: map (i: { inherit host; }) ${range(n)}; den.ctx.leaf.includes = [ ({ host }: { bench.list = [ "leaf" ]; }) ];`, n];
}

function nixFile(body) {
  return `let
  lib = import ${NIXLIB};
  benchClass = { config._module.freeformType = lib.types.lazyAttrsOf lib.types.anything; options.list = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ ]; }; };
  ev = lib.evalModules {
    specialArgs = { inputs = { den = import ./den/nix; nix-effects.lib = import ./nfx { inherit lib; }; }; };
    modules = [
      (import ./den/nix).flakeModule
      { options.systems = lib.mkOption { default = [ ]; }; }
      { options.perSystem = lib.mkOption { default = _: { }; type = lib.types.raw; }; }
      ({ den, ... }: { den.hosts.x86_64-linux.h.class = "bench"; ${body} })
    ];
  };
  h = ev.config.den.hosts.x86_64-linux.h;
in builtins.length (lib.evalModules { modules = [ benchClass h.mainModule ]; }).config.list
`;
}

/** A temp dir with Den and nix-effects (from local mirrors; no network), or why not. */
function nixSetup() {
  if (spawnSync("nix-instantiate", ["--version"]).status !== 0) return { why: "Nix is not installed" };
  if (!existsSync(NIXLIB)) return { why: `nixpkgs lib not found at ${NIXLIB}` };
  if (!existsSync(DEN_MIRROR) || !existsSync(NFX_MIRROR)) return { why: `Den or nix-effects sources not found (${DEN_MIRROR}, ${NFX_MIRROR}); fetch vic/den and vic/nix-effects` };
  const dir = mkdtempSync(join(tmpdir(), "den-ref-"));
  for (const [src, dst] of [[DEN_MIRROR, "den"], [NFX_MIRROR, "nfx"]]) {
    mkdirSync(join(dir, dst));
    execFileSync("sh", ["-c", `git -C '${src}' archive HEAD | tar -x -C '${join(dir, dst)}'`]);
  }
  return { dir };
}

/** Seconds of one nix-instantiate run of `body`, checking the list length. */
function nixTime(dir, name, body, want) {
  const file = join(dir, `${name.replace(/\W+/g, "-")}.nix`);
  writeFileSync(file, nixFile(body));
  const s = process.hrtime.bigint();
  const r = spawnSync("nix-instantiate", ["--eval", "--strict", file], { cwd: dir, maxBuffer: 1 << 26 });
  const secs = Number(process.hrtime.bigint() - s) / 1e9;
  if (r.status !== 0) return { error: r.stderr.toString().split("\n").filter((l) => /error/.test(l))[0] ?? "failed" };
  const got = Number(r.stdout.toString().trim());
  return got === want ? { secs } : { secs, note: `(reference gives ${got} entries, expected ${want}: duplicates)` };
}

export function runDen() {
  const ref = nixSetup();
  let base = 0;
  if (ref.dir) {
    const b = nixTime(ref.dir, "baseline", "", 0);
    base = b.secs ?? 0;
    console.log(`den: reference = Den (vic/den HEAD, nix-effects from local mirrors) under ${spawnSync("nix-instantiate", ["--version"]).stdout.toString().trim()}; its baseline (empty host, process start) ${(base * 1000).toFixed(0)} ms is subtracted`);
  } else console.log(`den: reference Den NOT measured: ${ref.why}`);
  console.log("den: scenario                   tsden ms   Den/Nix ms   speed-up");
  for (const [name, fn] of Object.entries(scenarios)) {
    const ours = time(fn);
    let theirs = "not run";
    let ratio = "";
    if (ref.dir && nixScenarios[name]) {
      const [body, want] = nixScenarios[name]();
      const r = nixTime(ref.dir, name, body, want);
      if (r.error) theirs = `error: ${r.error}`;
      else {
        const net = Math.max(r.secs - base, 0) * 1000;
        theirs = net.toFixed(0);
        ratio = `x${(net / ours).toFixed(0)}${r.note ? ` ${r.note}` : ""}`;
      }
    } else if (ref.dir) theirs = "(shape not ported to Nix)";
    console.log(`den: ${name.padEnd(26)} ${ours.toFixed(2).padStart(9)}   ${theirs.padStart(10)}   ${ratio}`);
  }
  const sizes = (process.env.DEN_FLEET_SIZES ?? "100,250,500,1000").split(",").map(Number);
  let first;
  for (const n of sizes) {
    const ms = Math.min(fleet(n), fleet(n));
    first ??= ms / n;
    console.log(`den: fleet ${String(n).padStart(4)} hosts x 3 users x 30 aspects: ${ms.toFixed(0)} ms, ${(ms / n).toFixed(2)} ms/host (x${(ms / n / first).toFixed(2)} of the smallest)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) runDen();
