/**
 * microvm-virtiofsd@'s start check (its ExecStartPost): the unit counts as started only
 * once each socket the runner lists exists and, when the runner names a socket group the
 * host has, belongs to that group (virtiofsd binds first and changes the group after);
 * it fails when virtiofsd-run exits before.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WAIT_VIRTIOFSD_SCRIPT } from "../../src/microvm/render/host-units.js";

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A VM folder whose runner lists one share with `socket` and, optionally, `group`. */
function vmFolder(group: string | null): { dir: string; socket: string } {
  const dir = mkdtempSync(join(tmpdir(), "tsden-vfs-wait-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const share = join(dir, "current/share/microvm/virtiofs/data");
  mkdirSync(share, { recursive: true });
  const socket = join(dir, "data.sock");
  writeFileSync(join(share, "socket"), `${socket}\n`);
  if (group !== null) writeFileSync(join(share, "group"), `${group}\n`);
  return { dir, socket };
}

/** A stand-in for virtiofsd-run (the unit's main process): sleeps until killed. */
function mainProcess(): ChildProcess {
  const p = spawn("sleep", ["600"], { stdio: "ignore" });
  cleanups.push(() => p.kill("SIGKILL"));
  return p;
}

function listen(path: string): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    cleanups.push(() => server.close());
    server.listen(path, () => resolve(server));
  });
}

/** Starts the check in `dir`; resolves with its exit code and stderr when it ends. */
function runCheck(dir: string, main: ChildProcess): { done: Promise<{ code: number | null; err: string }> } {
  const p = spawn("/bin/sh", ["-c", WAIT_VIRTIOFSD_SCRIPT], {
    cwd: dir,
    env: { ...process.env, MAINPID: String(main.pid) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  cleanups.push(() => p.kill("SIGKILL"));
  let err = "";
  p.stderr.on("data", (c: Buffer) => {
    err += c.toString();
  });
  return { done: new Promise((resolve) => p.on("close", (code) => resolve({ code, err }))) };
}

const settled = <T>(p: Promise<T>, ms: number): Promise<T | "pending"> =>
  Promise.race([p, new Promise<"pending">((r) => setTimeout(() => r("pending"), ms))]);

describe("microvm-virtiofsd@ counts as started", () => {
  it.skipIf(!asRoot)("only once the socket exists and belongs to the runner's socket group", async () => {
    const { dir, socket } = vmFolder("daemon");
    const check = runCheck(dir, mainProcess());
    expect(await settled(check.done, 600)).toBe("pending"); // no socket yet
    await listen(socket); // made by root, group root: not yet the hypervisor's
    expect(await settled(check.done, 1500)).toBe("pending");
    chownSync(socket, 0, 1); // gid 1 is Debian's daemon group
    expect(await check.done).toEqual({ code: 0, err: "" });
  });

  it("once the socket exists when the runner names no group, or a group this host lacks", async () => {
    for (const group of [null, "no-such-group-here"]) {
      const { dir, socket } = vmFolder(group);
      const check = runCheck(dir, mainProcess());
      expect(await settled(check.done, 600)).toBe("pending");
      await listen(socket);
      expect(await check.done).toEqual({ code: 0, err: "" });
    }
  });

  it("fails, naming the socket, when virtiofsd-run exits before making it", async () => {
    const { dir, socket } = vmFolder(null);
    const main = mainProcess();
    const check = runCheck(dir, main);
    main.kill("SIGKILL");
    expect(await check.done).toEqual({ code: 1, err: `virtiofsd exited before it made ${socket}\n` });
  });
});
