/**
 * Boot test of the Debian base: a guest with systemd as init runs busybox httpd as a
 * systemd service serving a page from environment.etc. One boot (TCG is slow): qemu
 * runs inside a network namespace the test creates, with a tap interface there (static
 * address on the guest's eth1) and qemu user networking (DHCP on eth0) forwarding a
 * port; the page is fetched through both. The namespace is always removed.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evalModules } from "../../../src/modules/index.js";
import { microvmGuestModule } from "../../../src/microvm/guest-module.js";
import { osModules } from "../../../src/os/index.js";
import { realisePackage, type Package } from "../../../src/store/package.js";
import { Store } from "../../../src/store/store.js";

const ok = (cmd: string, args: string[]) => spawnSync(cmd, args).status === 0;
const isRoot = process.getuid?.() === 0;
const hasTools = isRoot && ok("qemu-system-x86_64", ["--version"]) && ok("ip", ["-V"]) && ok("curl", ["--version"]);
const NS = `tsden-web-${process.pid}`;
const TAP = "vm-web1";
const PAGE = "<h1>hello from a tsden Debian guest</h1>\n";

/** The guest: Debian base, httpd as a service, eth0 user networking, eth1 a tap with a static address. */
export function webGuestModule(hostPort: number) {
  return {
    _file: "debian-boot.test.ts",
    system: { base: "debian", debian: { packages: ["busybox"] } },
    networking: {
      hostName: "web",
      interfaces: { eth1: { ipv4: { addresses: [{ address: "10.231.0.2", prefixLength: 24 }] } } },
    },
    time: { timeZone: "Europe/Berlin" },
    microvm: {
      mem: 512,
      interfaces: [
        { type: "user", id: "usernet", mac: "02:00:00:00:10:01" },
        { type: "tap", id: TAP, mac: "02:00:00:00:10:02" },
      ],
      forwardPorts: [{ from: "host", host: { address: "127.0.0.1", port: hostPort }, guest: { port: 80 } }],
    },
    users: { users: { www: { isSystemUser: true, group: "www" } }, groups: { www: {} } },
    environment: { etc: { "www/index.html": { text: PAGE } } },
    systemd: {
      services: {
        web: {
          description: "static page on port 80",
          wantedBy: ["multi-user.target"],
          after: ["network.target"],
          script:
            'echo "web: serving as $(id -un) in $(cat /etc/timezone)" > /dev/console\nexec busybox httpd -f -p 80 -u www:www -h /etc/www',
        },
      },
    },
  };
}

function fetchInNs(url: string): string {
  const r = spawnSync("ip", ["netns", "exec", NS, "curl", "-s", "-m", "3", url], { encoding: "utf8" });
  return r.status === 0 ? r.stdout : "";
}

describe.skipIf(!hasTools)("Debian base boots under qemu with systemd", () => {
  const store = new Store();
  let state: string;
  let runner: string;
  let vm: ReturnType<typeof spawn> | undefined;
  const lines: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    state = await mkdtemp(join(tmpdir(), "tsden-debian-"));
    const config = evalModules({
      modules: [...osModules, microvmGuestModule, webGuestModule(18080)],
      specialArgs: { store },
    }).config as unknown as {
      microvm: { declaredRunner: Package };
    };
    const t0 = performance.now();
    runner = await realisePackage(store, config.microvm.declaredRunner);
    console.log(`Debian guest built in ${Math.round(performance.now() - t0)} ms`);
    spawnSync("ip", ["netns", "del", NS]);
    expect(ok("ip", ["netns", "add", NS])).toBe(true);
    expect(ok("ip", ["netns", "exec", NS, join(runner, "bin", "tap-up")])).toBe(true);
    for (const args of [
      ["addr", "add", "10.231.0.1/24", "dev", TAP],
      ["link", "set", "lo", "up"],
    ])
      expect(ok("ip", ["netns", "exec", NS, "ip", ...args])).toBe(true);
  }, 900_000);

  afterAll(async () => {
    if (vm?.pid !== undefined && vm.exitCode === null) vm.kill("SIGKILL");
    spawnSync("ip", ["netns", "del", NS]);
    if (state !== undefined) await rm(state, { recursive: true, force: true });
  });

  it("serves the page through the forwarded port and through the tap in the namespace", async () => {
    const began = performance.now();
    vm = spawn("ip", ["netns", "exec", NS, join(runner, "bin", "microvm-run")], {
      cwd: state,
      stdio: ["ignore", "pipe", "pipe"],
    });
    // the console is qemu's stdout; stderr is kept apart (its text would interleave with it)
    vm.stdout?.on("data", (chunk: Buffer) => lines.push(chunk.toString("utf8")));
    vm.stderr?.on("data", (chunk: Buffer) => errors.push(chunk.toString("utf8")));
    let forwarded = "";
    let viaTap = "";
    while (performance.now() - began < 300_000 && vm.exitCode === null && (forwarded === "" || viaTap === "")) {
      if (forwarded === "") forwarded = fetchInNs("http://127.0.0.1:18080/");
      if (viaTap === "") viaTap = fetchInNs("http://10.231.0.2/");
      if (forwarded !== "" && viaTap !== "") break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const console_ = lines.join("");
    if (errors.length > 0) console.log(`qemu's stderr: ${errors.join("").slice(-2000)}`);
    console.log(`Debian guest: page reachable after ${Math.round(performance.now() - began)} ms`);
    expect(forwarded, console_.slice(-3000)).toBe(PAGE);
    expect(viaTap, console_.slice(-3000)).toBe(PAGE);
    expect(console_).toContain("tsden-stage1: switching root");
    expect(console_).toContain("web: serving as root in Europe/Berlin");
    expect(console_).not.toContain("tsden-stage1: FAILED");
  }, 400_000);

  it("a second evaluation reuses every store path (nothing rebuilt)", async () => {
    const config = evalModules({
      modules: [...osModules, microvmGuestModule, webGuestModule(18080)],
      specialArgs: { store },
    }).config as unknown as {
      microvm: { declaredRunner: Package };
    };
    const t0 = performance.now();
    expect(await realisePackage(store, config.microvm.declaredRunner)).toBe(runner);
    expect(performance.now() - t0).toBeLessThan(30_000);
  }, 60_000);
});
