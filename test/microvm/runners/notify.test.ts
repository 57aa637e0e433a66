/**
 * `bin/microvm-notify` run for real, with socat: systemd's notification socket is a
 * unix datagram socket the test reads, and the guest's reports are written where the
 * hypervisor would put them (qemu's readiness file, cloud-hypervisor's vsock socket).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Guest } from "../../../src/microvm/guest.js";
import {
  NOTIFY_LISTEN_SOCKET,
  notifyPort,
  renderNotifyScript,
  VHOST_VSOCK_USABLE,
} from "../../../src/microvm/runners/notify.js";
import { base } from "../fixtures.js";

const socat = spawnSync("sh", ["-c", "command -v socat"]).status === 0;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tsden-notify-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the guest's microvm-notify in a folder of its own; `act` plays the guest; resolves to what systemd received. */
async function relay(
  name: string,
  guest: Guest,
  act: (cwd: string) => Promise<void>,
): Promise<{ received: string; code: number | null }> {
  const cwd = await mkdtemp(join(dir, `${name}-`));
  const socket = join(cwd, "notify");
  const receiver = spawn("socat", ["-u", `UNIX-RECV:${socket}`, "STDOUT"], { stdio: ["ignore", "pipe", "ignore"] });
  let received = "";
  receiver.stdout.on("data", (c: Buffer) => (received += c.toString("utf8")));
  for (let i = 0; !existsSync(socket) && i < 100; i++) await sleep(20);
  await writeFile(join(cwd, "microvm-notify"), renderNotifyScript(guest), { mode: 0o755 });
  const notify: ChildProcess = spawn("bash", ["./microvm-notify"], {
    cwd,
    env: { ...process.env, NOTIFY_SOCKET: socket },
    stdio: "ignore",
  });
  const exited = new Promise<number | null>((r) => notify.on("exit", (code) => r(code)));
  await act(cwd);
  for (let i = 0; !received.includes("\n") && i < 200; i++) await sleep(25);
  const timer = setTimeout(() => notify.kill("SIGKILL"), 5000);
  if (guest.notifyOverVsock) notify.kill("SIGTERM");
  const code = await exited;
  clearTimeout(timer);
  receiver.kill("SIGTERM");
  return { received, code };
}

describe.skipIf(!socat)("microvm-notify tells systemd the guest has booted", () => {
  it("relays READY from qemu's readiness port once the guest writes it", async () => {
    const r = await relay("qemu", base, async (cwd) => {
      await sleep(500);
      await writeFile(join(cwd, "microvm-ready"), "READY\n");
    });
    expect(r.received).toContain("READY=1\n");
    expect(r.code).toBe(0);
  });

  it("reports a failed boot as a status, never as ready", async () => {
    const r = await relay("failed", base, async (cwd) => {
      await writeFile(join(cwd, "microvm-ready"), "FAILED: mount /dev/vdb on /var\n");
    });
    expect(r.received).toBe("STATUS=the guest failed to boot: FAILED: mount /dev/vdb on /var\n");
  });

  it("relays READY=1 the guest sends over cloud-hypervisor's vsock socket", async () => {
    const guest: Guest = { ...base, hypervisor: "cloud-hypervisor", vsockCid: 9, notifyOverVsock: true };
    const r = await relay("chv", guest, async (cwd) => {
      const socket = join(cwd, NOTIFY_LISTEN_SOCKET);
      for (let i = 0; !existsSync(socket) && i < 100; i++) await sleep(20);
      // what cloud-hypervisor does with the guest's connection to host port 8888
      spawnSync("sh", ["-c", `printf 'READY=1\\n' | socat -u - UNIX-CONNECT:${socket}`]);
    });
    expect(r.received).toBe("READY=1\n");
  });

  it("counts the hypervisor's start where nothing can hear the guest", async () => {
    const r = await relay("crosvm", { ...base, hypervisor: "crosvm" }, async () => undefined);
    expect(r.received).toContain("READY=1\n");
    expect(r.code).toBe(0);
  });

  it("gives each vhost-vsock guest its own host port, and hybrid vsock guests 8888", () => {
    expect(notifyPort("qemu", 5)).toBe(8893);
    expect(notifyPort("crosvm", 6)).toBe(8894);
    expect(notifyPort("cloud-hypervisor", 5)).toBe(8888);
    expect(notifyPort("firecracker", 7)).toBe(8888);
  });
});

describe("the choice between vsock and qemu's readiness port", () => {
  const usable = (device: string) =>
    spawnSync("/bin/bash", ["-c", `${VHOST_VSOCK_USABLE}; vhost_vsock_usable '${device}'`]).status === 0;

  it("vsock only with a character device that opens for reading and writing", async () => {
    const file = join(dir, "not-a-device");
    await writeFile(file, "");
    // /dev/null stands for a usable device
    expect(usable("/dev/null")).toBe(true);
    expect(usable(join(dir, "missing"))).toBe(false);
    expect(usable(file)).toBe(false);
    expect(usable(dir)).toBe(false);
  });

  it("this machine: vsock exactly when /dev/vhost-vsock exists and opens", () => {
    const opens = existsSync("/dev/vhost-vsock") && spawnSync("/bin/bash", ["-c", ": <>/dev/vhost-vsock"]).status === 0;
    expect(usable("/dev/vhost-vsock")).toBe(opens);
  });

  it.runIf(socat && !existsSync("/dev/vhost-vsock"))(
    "a qemu guest that would notify over vsock falls back to the readiness port on a host without vhost-vsock",
    async () => {
      const guest: Guest = { ...base, hypervisor: "qemu", vsockCid: 5, notifyOverVsock: true };
      const r = await relay("qemu-vsock-fallback", guest, async (cwd) => {
        await writeFile(join(cwd, "microvm-ready"), "READY\n");
      });
      expect(r.received).toContain("READY=1\n");
      const script = renderNotifyScript(guest);
      expect(script).toContain("if vhost_vsock_usable /dev/vhost-vsock; then");
      expect(script.indexOf("vhost_vsock_usable /dev/vhost-vsock")).toBeLessThan(script.indexOf("microvm-ready"));
    },
  );
});
