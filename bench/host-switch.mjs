// Host activation benchmark: the time from `switch-to-configuration switch` to every
// guest ready, for 1, 4 and 8 light guests (busybox init, 256 MiB, the store on a
// small disk image; qemu under TCG here), against starting the same runners by hand
// (each `bin/microvm-run` in its folder, in parallel, waiting for each guest's boot
// report in `microvm-ready`). The host is a systemd-nspawn container with the store
// bound at the same path (test/support/nspawn-container.ts); a fresh one per size.
// `HOST_BENCH_SIZES=1,4` picks the sizes. Needs root, systemd-nspawn and mmdebstrap
// (skipped otherwise).
import { join } from "node:path";
import { tsImport } from "tsx/esm/api";

const root = join(import.meta.dirname, "..");
const SIZES = (process.env.HOST_BENCH_SIZES ?? "1,4,8").split(",").map(Number);
const fmt = (ms) => `${(ms / 1000).toFixed(1)} s`;

export async function runHostSwitch() {
  const support = await tsImport(join(root, "test/support/nspawn-container.ts"), import.meta.url);
  const unavailable = support.containersUnavailable();
  if (unavailable !== null) {
    console.log(`host-switch: skipped (${unavailable})`);
    return;
  }
  const { buildHost } = await tsImport(join(root, "test/host/activation/switch-fixtures.ts"), import.meta.url);
  const { Store } = await tsImport(join(root, "src/store/store.ts"), import.meta.url);
  const store = new Store();
  console.log("host-switch: switch-to-configuration until every guest is ready, vs the same runners started by hand");
  for (const n of SIZES) {
    const names = Array.from({ length: n }, (_, i) => `g${i + 1}`);
    const output = await buildHost(store, Object.fromEntries(names.map((name) => [name, {}])), 900);
    const c = await support.boot(`tsden-bench-host-${n}`, { bindReadOnly: [store.root] });
    try {
      let start = performance.now();
      const r = await c.exec(`${output}/bin/switch-to-configuration switch`, { timeoutMs: 1_800_000 });
      const switchMs = performance.now() - start;
      if (r.code !== 0) throw new Error(`switch failed:\n${r.stdout}${r.stderr}`);
      await c.sh(`systemctl stop ${names.map((x) => `microvm@${x}.service`).join(" ")}`);
      const script = [
        ...names.map(
          (x) =>
            `(cd /var/lib/microvms/${x} && rm -f microvm-ready && exec ./current/bin/microvm-run >/dev/null 2>&1) &`,
        ),
        `for x in ${names.join(" ")}; do until grep -qs READY /var/lib/microvms/$x/microvm-ready; do sleep 0.2; done; done`,
      ].join("\n");
      start = performance.now();
      await c.sh(script, { timeoutMs: 1_800_000 });
      const handMs = performance.now() - start;
      await c.exec(`for x in ${names.join(" ")}; do (cd /var/lib/microvms/$x && ./current/bin/microvm-shutdown); done`);
      console.log(
        `  ${String(n).padStart(2)} guest(s): switch ${fmt(switchMs)}, by hand ${fmt(handMs)} (switch adds ${fmt(switchMs - handMs)})`,
      );
    } finally {
      await c.stop();
    }
  }
}
