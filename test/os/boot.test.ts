/**
 * Boot tests: Debian's kernel and a busybox initramfs from the store, run under qemu's
 * microvm machine (TCG here, KVM where it works). Slow the first time (kernel download).
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeKvm } from "../../src/microvm/runners/capabilities.js";
import { INIT_MARKERS } from "../../src/os/builders/init-script.js";
import type { InitSpec } from "../../src/os/builders/init-spec.js";
import { buildInitramfs } from "../../src/os/builders/initramfs.js";
import { debianKernel, type Kernel } from "../../src/os/builders/kernel.js";
import { Store } from "../../src/store/store.js";
import { bootQemu, qmpCtrlAltDelete } from "./qemu-boot.js";

const hasQemu = spawnSync("qemu-system-x86_64", ["--version"]).status === 0;
const base: InitSpec = {
  hostName: "boot-test",
  kernelModules: [],
  mounts: [],
  interfaces: [],
  commands: [],
  poweroffAfterCommands: true,
};

describe.skipIf(!hasQemu)("booting a microVM under qemu", () => {
  const store = new Store();
  let kernel: Kernel;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tsden-boot-"));
    const started = performance.now();
    kernel = await debianKernel(store);
    const kvm = await probeKvm(kernel.image);
    console.log(`kernel ${kernel.release} ready in ${Math.round(performance.now() - started)} ms; KVM: ${kvm.reason}`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("counts KVM as working when the kernel boots under it (a KVM that works, played by TCG)", async () => {
    // a qemu that runs what it is asked to run under KVM with software emulation instead
    const shim = join(dir, "qemu-kvm-works");
    await writeFile(
      shim,
      '#!/bin/sh\nfor a in "$@"; do shift; case "$a" in microvm,accel=kvm) a=microvm,accel=tcg ;; host) a=max ;; esac; set -- "$@" "$a"; done\nexec qemu-system-x86_64 "$@"\n',
      { mode: 0o755 },
    );
    // (software emulation takes seconds where KVM takes a fraction of one: a longer wait)
    const probe = await probeKvm(kernel.image, shim, true, 120_000);
    expect(probe).toEqual({ usable: true, reason: "a kernel booted under KVM" });
  });

  it("prints the command's marker on the console and powers off cleanly", async () => {
    const initramfs = await buildInitramfs(store, { ...base, commands: ["echo TSDEN-MARKER-$((6 * 7))"] }, kernel);
    const result = await bootQemu({ kernel: kernel.image, initrd: initramfs.initrd });
    const marker = result.lines.find((l) => l.text === "TSDEN-MARKER-42");
    console.log(`boot to marker: ${Math.round(marker?.ms ?? -1)} ms, to exit: ${Math.round(result.totalMs)} ms`);
    expect(result.timedOut, result.console).toBe(false);
    expect(marker, result.console).toBeDefined();
    expect(result.console).toContain(`${INIT_MARKERS.booted} boot-test`);
    expect(result.console).toContain("tsden-init: command 1 exited with status 0");
    expect(result.console).toContain(INIT_MARKERS.poweringOff);
    expect(result.console).not.toContain(INIT_MARKERS.failed);
    expect(result.code).toBe(0);
  });

  it("writes a file into a 9p share that the host reads after power-off", async () => {
    const share = await mkdtemp(join(dir, "share-"));
    const spec: InitSpec = {
      ...base,
      mounts: [{ fsType: "9p", source: "hostshare", mountPoint: "/mnt/host share" }],
      commands: ["hostname > '/mnt/host share/out.txt'", "uname -r >> '/mnt/host share/out.txt'"],
    };
    const initramfs = await buildInitramfs(store, spec, kernel);
    const result = await bootQemu({
      kernel: kernel.image,
      initrd: initramfs.initrd,
      shares: [{ tag: "hostshare", source: share }],
    });
    expect(result.timedOut, result.console).toBe(false);
    expect(result.console).not.toContain(INIT_MARKERS.failed);
    expect(result.code).toBe(0);
    expect(await readFile(join(share, "out.txt"), "utf8")).toBe(`boot-test\n${kernel.release}\n`);
  });

  it("boots Debian's cloud kernel too, which has no 9p", async () => {
    const cloud = await debianKernel(store, "cloud");
    expect(cloud.release).toMatch(/-cloud-amd64$/);
    const initramfs = await buildInitramfs(store, { ...base, commands: ["echo CLOUD-MARKER"] }, cloud);
    const result = await bootQemu({ kernel: cloud.image, initrd: initramfs.initrd });
    const marker = result.lines.find((l) => l.text === "CLOUD-MARKER");
    console.log(`cloud kernel boot to marker: ${Math.round(marker?.ms ?? -1)} ms`);
    expect(marker, result.console).toBeDefined();
    expect(result.code).toBe(0);
    const with9p = { ...base, mounts: [{ fsType: "9p", source: "t", mountPoint: "/mnt" }] };
    await expect(buildInitramfs(store, with9p, cloud)).rejects.toThrow(
      /"9pnet_virtio" is neither built into nor shipped with .*-cloud-amd64/,
    );
  });

  it("powers off on ctrl-alt-delete sent through QMP", async () => {
    const initramfs = await buildInitramfs(store, { ...base, poweroffAfterCommands: false }, kernel);
    const qmpSocket = join(dir, "qmp.sock");
    let idle!: () => void;
    const isIdle = new Promise<void>((resolve) => (idle = resolve));
    const boot = bootQemu({
      kernel: kernel.image,
      initrd: initramfs.initrd,
      qmpSocket,
      timeoutMs: 90_000,
      onLine: (line) => line.includes("ctrl-alt-del or SIGTERM powers off") && idle(),
    });
    await isIdle;
    await sleep(200);
    const sent = performance.now();
    await qmpCtrlAltDelete(qmpSocket);
    const result = await boot;
    console.log(`ctrl-alt-delete to exit: ${Math.round(performance.now() - sent)} ms`);
    expect(result.timedOut, result.console).toBe(false);
    expect(result.console).toContain(INIT_MARKERS.poweringOff);
    expect(result.code).toBe(0);
  });
});
