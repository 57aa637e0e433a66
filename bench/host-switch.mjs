// Host activation benchmark: the time from `switch-to-configuration switch` to every
// guest ready, for 1, 4 and 8 light guests (busybox init, 128 MiB each, the store on a
// small disk image; qemu under TCG: the container has no /dev/kvm, and MICROVM_ACCEL
// says so for both ways of starting), against starting the same runners by hand (each
// runner's `bin/microvm-run` in its VM folder, in parallel, waiting for every guest's
// boot report in `microvm-ready`). The host is a systemd-nspawn container with the
// store bound at the same path (test/support/nspawn-container.ts), a fresh one per
// size. Each size runs a warm-up (volume images made, caches filled), then
// HOST_BENCH_REPS rounds (default 3), each timing both ways in alternating order;
// between runs every guest is stopped (a switch to a host without guests, or each
// runner's microvm-shutdown). Reports the median and range of each, and what switch
// adds. Timeouts grow with the number of guests: under TCG on a busy machine, guests
// booting together share its cores. A run that fails (a guest that never reports its
// boot) is printed with the end of its console or journal and left out of the figures.
// `HOST_BENCH_SIZES=1,4` picks the sizes. Needs root, systemd-nspawn and mmdebstrap
// (skipped otherwise).
import { readlink } from "node:fs/promises";
import { join } from "node:path";
import { tsImport } from "tsx/esm/api";

const root = join(import.meta.dirname, "..");
const SIZES = (process.env.HOST_BENCH_SIZES ?? "1,4,8").split(",").map(Number);
const REPS = Number(process.env.HOST_BENCH_REPS ?? 3);
const MEM = 128;
const fmt = (ms) => `${(ms / 1000).toFixed(1)} s`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const summary = (xs) => `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}, n=${xs.length})`;

/** Seconds a guest may take to boot when `n` boot at once (systemd's startupTimeout and the by-hand wait). */
const startupSeconds = (n) => 240 + 90 * n;

async function timed(what, run) {
  const start = performance.now();
  const r = await run();
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}):\n${r.stdout.slice(-3000)}${r.stderr.slice(-3000)}`);
  return performance.now() - start;
}

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
  console.log(
    `host-switch: switch-to-configuration until every guest is ready, vs the same runners started by hand (${MEM} MiB guests, qemu TCG, ${REPS} rounds after a warm-up; median (range))`,
  );
  for (const n of SIZES) {
    const names = Array.from({ length: n }, (_, i) => `g${i + 1}`);
    const timeout = startupSeconds(n);
    const execMs = (timeout + 180) * 1000;
    const output = await buildHost(store, Object.fromEntries(names.map((name) => [name, { mem: MEM }])), timeout);
    const empty = await buildHost(store, {}, timeout);
    const runnerOf = Object.fromEntries(
      await Promise.all(names.map(async (x) => [x, await readlink(join(output, "vms", x))])),
    );
    const c = await support.boot(`tsden-bench-host-${n}`, { bindReadOnly: [store.root], bootTimeoutMs: 600_000 });
    try {
      if ((await c.exec("test -e /dev/kvm")).code === 0)
        throw new Error("the container has /dev/kvm: this benchmark measures qemu under TCG");
      // both ways run qemu under TCG (there is no /dev/kvm inside): say so to the runners as well
      await c.sh(
        "mkdir -p /etc/systemd/system/microvm@.service.d && printf '[Service]\\nEnvironment=MICROVM_ACCEL=tcg\\n' > /etc/systemd/system/microvm@.service.d/bench-accel.conf",
      );
      const switchTo = (out) => c.exec(`${out}/bin/switch-to-configuration switch`, { timeoutMs: execMs });
      const stopAll = async () => {
        const r = await switchTo(empty);
        if (r.code !== 0)
          throw new Error(`stopping the guests (switch to a host without guests) failed:\n${r.stdout}${r.stderr}`);
      };
      // by hand: each runner in its folder, its console kept in console.log (read when a guest fails)
      // by hand as the user the units run the hypervisors as (when the activation made it),
      // so both ways run the same processes and leave files the other may replace
      const byHand = [
        "as_user=; if id microvm >/dev/null 2>&1; then as_user='runuser -u microvm -g kvm --'; fi",
        ...names.map(
          (x) =>
            `(cd /var/lib/microvms/${x} && rm -f microvm-ready && MICROVM_ACCEL=tcg exec $as_user ${runnerOf[x]}/bin/microvm-run </dev/null >console.log 2>&1) &`,
        ),
        `deadline=$(( $(date +%s) + ${timeout} ))`,
        `for x in ${names.join(" ")}; do`,
        "  until grep -qs READY /var/lib/microvms/$x/microvm-ready; do",
        '    if [ "$(date +%s)" -gt "$deadline" ]; then',
        `      echo "guest $x did not report its boot within ${timeout} s; its console ends:" >&2`,
        "      tail -n 15 /var/lib/microvms/$x/console.log >&2",
        "      exit 1",
        "    fi",
        "    sleep 0.2",
        "  done",
        "done",
      ].join("\n");
      // stops what was started by hand; a guest that does not answer is killed
      const stopByHand = [
        ...names.map((x) => `(cd /var/lib/microvms/${x} && timeout 90 ${runnerOf[x]}/bin/microvm-shutdown) &`),
        "wait",
        `for x in ${names.join(" ")}; do`,
        "  pid=$(cat /var/lib/microvms/$x/microvm.pid 2>/dev/null) || continue",
        '  kill -9 "$pid" 2>/dev/null || true',
        '  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done',
        "done",
        // what the runners left (the units' hypervisor user must be able to replace it)
        `for x in ${names.join(" ")}; do rm -f /var/lib/microvms/$x/microvm.pid /var/lib/microvms/$x/microvm-ready /var/lib/microvms/$x/microvm-control.in /var/lib/microvms/$x/microvm-control.out /var/lib/microvms/$x/console.log; done`,
        "true",
      ].join("\n");
      const runs = {
        switch: async () => {
          try {
            return await timed("switch", () => switchTo(output));
          } finally {
            await stopAll();
          }
        },
        hand: async () => {
          try {
            return await timed("starting the runners by hand", () => c.exec(byHand, { timeoutMs: execMs }));
          } finally {
            await c.sh(stopByHand, { timeoutMs: execMs });
          }
        },
      };
      // a run that fails (a guest that never reports its boot) is reported and left out
      const failures = [];
      const attempt = async (way, round) => {
        try {
          return await runs[way]();
        } catch (error) {
          // the first line says what failed; the last ones which guest and why
          const lines = String(error.message).split("\n");
          const shown = lines.length > 16 ? [lines[0], "...", ...lines.slice(-15)] : lines;
          failures.push(`${round}, ${way}: ${shown.join("\n    ")}`);
          return undefined;
        }
      };
      // warm-up: the first switch makes the volume images; both ways read the store once
      await attempt("switch", "warm-up");
      await attempt("hand", "warm-up");
      const times = { switch: [], hand: [] };
      for (let round = 0; round < REPS; round++) {
        for (const way of round % 2 === 0 ? ["switch", "hand"] : ["hand", "switch"]) {
          const ms = await attempt(way, `round ${round + 1}`);
          if (ms !== undefined) times[way].push(ms);
        }
      }
      const label = `  ${String(n).padStart(2)} guest(s):`;
      const way = (xs) => (xs.length === 0 ? "no run completed" : summary(xs));
      let line = `${label} switch ${way(times.switch)}, by hand ${way(times.hand)}`;
      if (times.switch.length > 0 && times.hand.length > 0) {
        const added = median(times.switch) - median(times.hand);
        line += `; switch adds ${fmt(added)} (${((100 * added) / median(times.hand)).toFixed(0)} %)`;
      }
      console.log(line);
      for (const f of failures) console.log(`    failed: ${f}`);
    } finally {
      await c.stop();
    }
  }
}
