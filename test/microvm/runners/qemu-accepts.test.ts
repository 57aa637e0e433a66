/**
 * Every qemu variant the runner generates is started by the real qemu-system-x86_64
 * (TCG, paused with `-S`) and quit over QMP: qemu parses and realises every option and
 * device, so a rejected argument fails here. Each variant runs under this machine's
 * qemu (7.2 on Debian 12) and under qemu 10 from Debian 13 (trixie), whose tree is
 * built once per machine with mmdebstrap and entered with chroot; when trixie's
 * packages cannot be downloaded, the qemu 10 runs are skipped and the test names say
 * why. Virtiofs variants start the runner's own `virtiofsd-run` with the virtiofsd
 * this machine has. Variants that need a device this machine lacks (/dev/vhost-vsock,
 * /dev/vhost-net, a macvtap link, a bridge with a bridge.conf, a PCI device to pass
 * through) are skipped and say why.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Guest } from "../../../src/microvm/guest.js";
import { qemuCommand, qemuUserFlag } from "../../../src/microvm/runners/qemu.js";
import { literalWords } from "../../../src/microvm/runners/words.js";
import { renderRunScript, renderVirtiofsdRun } from "../../../src/microvm/runners/scripts.js";
import { CONTROL_FIFO } from "../../../src/microvm/runners/shutdown.js";
import { chrootCommand, releaseTree } from "../../support/debian-chroot.js";
import { base, files as fileNames, goldenGuests, iface, layout, share, vol } from "../fixtures.js";

/** A qemu to start variants with: how to run a command line, and its version (undefined: none). */
interface Qemu {
  readonly label: string;
  readonly version: string | undefined;
  /** Why this qemu cannot run here (the variants are skipped with this reason). */
  readonly unavailable?: string;
  /** The program and arguments that run `argv` with this qemu's system, in the folder `cwd`. */
  readonly command: (argv: readonly string[], cwd: string) => [string, string[]];
}

const versionOf = (out: string | undefined) => /version (\d+\.\d+\.\d+)/.exec(out ?? "")?.[1];
const hostQemu: Qemu = {
  label: "this machine's",
  version: versionOf(spawnSync("qemu-system-x86_64", ["--version"], { encoding: "utf8" }).stdout),
  command: (argv) => [argv[0]!, argv.slice(1)],
};

/** qemu 10 from Debian 13 (trixie), chrooted into its tree with the test's folder bound at the same path. */
async function trixieQemu(): Promise<Qemu> {
  const label = "Debian 13's (trixie)";
  const none = (why: string): Qemu => ({
    label,
    version: undefined,
    unavailable: why,
    command: () => {
      throw new Error(why);
    },
  });
  const t = await releaseTree("trixie", ["qemu-system-x86"], "usr/bin/qemu-system-x86_64");
  if ("unavailable" in t) {
    console.warn(`\n*** qemu 10 variants SKIPPED: ${t.unavailable}\n`);
    return none(t.unavailable);
  }
  const out = spawnSync("chroot", [t.tree, "qemu-system-x86_64", "--version"], { encoding: "utf8" });
  const version = versionOf(out.stdout);
  if (version === undefined)
    throw new Error(`the trixie tree ${t.tree} has no working qemu-system-x86_64:\n${out.stderr}`);
  return { label, version, command: (argv, cwd) => chrootCommand(t.tree, [dir], cwd, argv) };
}

const qemus: readonly Qemu[] = [hostQemu, await trixieQemu()];
const root = process.getuid?.() === 0;
const canTap = root && existsSync("/dev/net/tun");
const hasVirtiofsd =
  ["/usr/libexec/virtiofsd", "/usr/lib/qemu/virtiofsd"].some(existsSync) ||
  spawnSync("sh", ["-c", "command -v virtiofsd"]).status === 0;
const port = () => 20000 + Math.floor(Math.random() * 20000);

/** A bzImage-shaped file qemu loads (setup header "HdrS", protocol 2.15), and an initrd. */
function fakeKernel(): Buffer {
  const b = Buffer.alloc(4096);
  b[0x1f1] = 1;
  b.write("\x55\xaa", 0x1fe, "latin1");
  b.write("HdrS", 0x202, "latin1");
  b.writeUInt16LE(0x020f, 0x206);
  b[0x211] = 0x01;
  b.writeUInt32LE(0x7fffffff, 0x22c);
  b.writeUInt32LE(255, 0x238);
  return b;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-qemu-accepts-"));
  await writeFile(join(dir, "bzImage"), fakeKernel());
  await writeFile(join(dir, "initrd"), "initrd");
  await writeFile(join(dir, "store.img"), Buffer.alloc(1 << 20));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function qmpQuit(socket: string, child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const attempt = () => {
      if (child.exitCode !== null) return resolve();
      const c = connect(socket);
      c.on("connect", () => c.end('{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n'));
      c.on("error", () =>
        Date.now() - started > 20_000 ? reject(new Error("QMP socket never came up")) : setTimeout(attempt, 50),
      );
      c.on("data", () => undefined);
      c.on("close", () => resolve());
    };
    attempt();
  });
}

/** Starts qemu with the variant's arguments (paused), quits it over QMP; resolves to its exit code and stderr. */
async function start(
  qemu: Qemu,
  name: string,
  guest: Guest,
): Promise<{ code: number | null; stderr: string; args: string[] }> {
  const cwd = await mkdtemp(join(dir, `${name}-`));
  for (const v of guest.volumes) await writeFile(join(cwd, v.image), Buffer.alloc(1 << 20));
  // the runner script makes the control FIFO pair before it starts qemu
  spawnSync("mkfifo", ["-m", "600", join(cwd, `${CONTROL_FIFO}.in`), join(cwd, `${CONTROL_FIFO}.out`)]);
  const daemons: ChildProcess[] = [];
  if (guest.shares.some((s) => s.proto === "virtiofs")) {
    const script = join(cwd, "virtiofsd-run");
    await writeFile(script, renderVirtiofsdRun(guest), { mode: 0o755 });
    daemons.push(spawn("bash", [script], { cwd, stdio: "ignore", detached: true }));
    for (const s of guest.shares) {
      const socket = join(cwd, s.socket ?? "");
      for (let i = 0; s.proto === "virtiofs" && !existsSync(socket) && i < 200; i++)
        await new Promise((r) => setTimeout(r, 50));
    }
  }
  const files = {
    kernel: join(dir, "bzImage"),
    vmlinux: "",
    initrd: join(dir, "initrd"),
    storeDisk: guest.storeOnDisk ? join(dir, "store.img") : null,
    guestForward: "/nonexistent/guestfwd.cjs",
  };
  const args = literalWords(
    qemuCommand(guest, files, { accel: "tcg", userFlag: qemuUserFlag(qemu.version ?? "0"), panicAction: true }),
  );
  const [program, argv] = qemu.command([...args, "-S"], cwd);
  const child = spawn(program, argv, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await qmpQuit(join(cwd, guest.socket ?? ""), child).catch((e: Error) => (stderr += e.message));
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const code = await exited;
  clearTimeout(timer);
  for (const d of daemons) {
    try {
      if (d.pid !== undefined && d.exitCode === null) process.kill(-d.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  return { code, stderr, args };
}

const tap = (id: string, extra: Partial<Parameters<typeof iface>[0]> = {}) =>
  iface({ type: "tap", id, mac: "02:00:00:00:00:11", ...extra });
const user = iface({ type: "user", id: "usernet", mac: "02:00:00:00:00:12" });
const p9 = share({ tag: "data", source: "/tmp", mountPoint: "/data" });

/** The variants: the fixtures' qemu guest and one per option that changes qemu's command line. */
const variants: { name: string; guest: Guest; needs?: string }[] = [
  { name: "minimal (virtio-mmio)", guest: base },
  {
    name: "store disk, volumes (direct, serial, read-only)",
    guest: {
      ...base,
      storeOnDisk: true,
      volumes: [vol({ image: "var.img" }), vol({ image: "d.img", direct: true, serial: "s1", readOnly: true })],
    },
  },
  {
    name: "fixtures' qemu guest (tap, user, virtiofs + 9p)",
    guest: {
      ...goldenGuests.qemu,
      vsockCid: null,
      volumes: goldenGuests.qemu.volumes.map((v) => ({ ...v, image: v.image.replace(/^.*\//, "") })),
      shares: goldenGuests.qemu.shares.map((s) => ({ ...s, source: "/tmp" })),
      interfaces: [tap("tsdq-gold"), user],
      forwardPorts: [
        { from: "host", proto: "tcp", host: { address: "127.0.0.1", port: port() }, guest: { address: "", port: 22 } },
      ],
    },
    needs: canTap ? (hasVirtiofsd ? undefined : "a virtiofsd") : "root and /dev/net/tun",
  },
  { name: "balloon without PCI", guest: { ...base, balloon: true } },
  { name: "balloon with PCI", guest: { ...base, balloon: true, deflateOnOOM: false, shares: [p9] } },
  {
    name: "host and guest forwards",
    guest: {
      ...base,
      interfaces: [user],
      forwardPorts: [
        { from: "host", proto: "udp", host: { address: "", port: port() }, guest: { address: "", port: 53 } },
        {
          from: "guest",
          proto: "tcp",
          host: { address: "127.0.0.1", port: port() },
          guest: { address: "10.0.2.100", port: 80 },
        },
      ],
    },
  },
  {
    name: "USB passthrough on the microvm machine without PCI",
    guest: {
      ...base,
      devices: [
        { bus: "usb", path: "vendorid=0x1d6b,productid=0x0002", deviceExtraArgs: null, qemuId: null, qemuBus: null },
      ],
    },
  },
  { name: "headless graphics", guest: { ...base, graphics: { ...base.graphics, enable: true, backend: "headless" } } },
  {
    name: "multi-queue tap on PCI",
    guest: { ...base, vcpu: 2, interfaces: [tap("tsdq-mq")], shares: [p9] },
    needs: canTap ? undefined : "root and /dev/net/tun",
  },
  {
    name: "multi-queue tap on virtio-mmio",
    guest: { ...base, vcpu: 2, interfaces: [tap("tsdq-mq2")] },
    needs: canTap ? undefined : "root and /dev/net/tun",
  },
  {
    name: "q35: PCIe root ports, virtio-mem, SMBIOS id, credentials, CPU model, no serial console, read-only 9p",
    guest: {
      ...base,
      qemu: {
        ...base.qemu,
        machine: "q35",
        serialConsole: false,
        pcieRootPorts: [
          { id: "rp0", bus: "pcie.0", chassis: 1, slot: null, addr: null },
          { id: "rp1", bus: null, chassis: 2, slot: "2", addr: "0x10" },
        ],
      },
      hotplugMem: 256,
      hotpluggedMem: 128,
      machineId: "a67472e5-570e-5c8a-b18c-ae3c77701050",
      credentialFiles: { API_KEY: "/etc/hostname" },
      cpu: "qemu64",
      shares: [share({ ...p9, readOnly: true })],
    },
  },
  {
    name: "machineOpts given",
    guest: { ...base, qemu: { ...base.qemu, machineOpts: { acpi: "off", pit: "on", pic: "off", rtc: "on" } } },
  },
  {
    name: "user to switch to",
    guest: { ...base, user: "nobody" },
    needs: root ? undefined : "root (qemu refuses to switch user otherwise)",
  },
  {
    name: "vsock",
    guest: { ...base, vsockCid: 5 },
    needs: existsSync("/dev/vhost-vsock") ? undefined : "/dev/vhost-vsock",
  },
  {
    name: "vhost-net tap",
    guest: { ...base, interfaces: [tap("tsdq-vh", { tap: { vhost: true } })] },
    needs: existsSync("/dev/vhost-net") && canTap ? undefined : "/dev/vhost-net",
  },
  {
    name: "bridge interface",
    guest: {
      ...base,
      interfaces: [iface({ type: "bridge", id: "tsdq-br", mac: "02:00:00:00:00:13", bridge: "tsdq-br0" })],
    },
    needs: "a host bridge allowed in /etc/qemu/bridge.conf (made by the host activation)",
  },
  {
    name: "macvtap with one queue per vCPU",
    guest: {
      ...base,
      vcpu: 2,
      interfaces: [
        iface({ type: "macvtap", id: "tsdq-mv", mac: "02:00:00:00:00:14", macvtap: { link: "eth0", mode: "bridge" } }),
      ],
    },
    needs: "a macvtap link opened on fds 10 and 11",
  },
];

for (const qemu of qemus) {
  const title = `qemu-system-x86_64 ${qemu.version ?? ""} (${qemu.label}) accepts every generated variant`;
  const skipped = qemu.unavailable !== undefined ? ` (SKIPPED: ${qemu.unavailable.split("\n")[0]})` : "";
  describe.skipIf(qemu.version === undefined)(`${title}${skipped}`, () => {
    for (const { name, guest, needs } of variants) {
      it.skipIf(needs !== undefined)(`${name}${needs !== undefined ? ` (needs ${needs})` : ""}`, async () => {
        const r = await start(qemu, name.replace(/[^a-z0-9]+/gi, "-").slice(0, 30), guest);
        expect(
          r.stderr.split("\n").filter((l) => /qemu-system-x86_64:/.test(l) && !/warning/i.test(l)),
          `${r.args.join(" ")}\n${r.stderr}`,
        ).toEqual([]);
        expect(r.code, r.stderr).toBe(0);
      });
    }

    it("is asked by the run script which user flag it takes, and answers the one it accepts", () => {
      const script = renderRunScript({ ...base, user: "nobody" }, fileNames, layout);
      // the statement that sets run_as (its lines all assign it)
      const probe = script
        .split("\n")
        .filter((l) => l.includes("run_as=("))
        .join("\n");
      expect(probe, script).toContain('"$qemu" -help');
      const [program, argv] = qemu.command(
        ["bash", "-c", `qemu=qemu-system-x86_64\n${probe}\necho "\${run_as[*]}"`],
        dir,
      );
      const r = spawnSync(program, argv, { cwd: dir, encoding: "utf8" });
      const expected = qemuUserFlag(qemu.version ?? "0") === "run-with" ? "-run-with user=nobody" : "-runas nobody";
      expect(r.stdout.trim(), r.stderr).toBe(expected);
    });
  });
}

describe("qemu's user flag", () => {
  it("is -runas before qemu 9 and -run-with user= from 9 on (-runas is gone in 10)", () => {
    expect(qemuUserFlag("7.2.22")).toBe("runas");
    expect(qemuUserFlag("9.0.0")).toBe("run-with");
    expect(qemuUserFlag("10.0.2")).toBe("run-with");
  });
});
