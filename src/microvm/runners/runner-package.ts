/**
 * The runner package: a store directory with `bin/microvm-run`, `bin/microvm-shutdown`
 * (where supported), `bin/microvm-notify` (readiness for systemd), `bin/tap-up`/`bin/tap-down` (tap or macvtap interfaces),
 * `bin/virtiofsd-run` (virtiofs shares) and `share/microvm/*` (with `system`, a link
 * to the guest's top level, under `microvm.systemSymlink`). Its inputs are the guest
 * snapshot, the store paths of its kernel, initrd, store disk and linked top level, and a
 * hash of its files as this version of tsden renders them (with placeholder paths); the
 * scripts name the runner's final store path, never the temporary one it is built in.
 */
import { createHash } from "node:crypto";
import { chmod, mkdir, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type Derivation, type JsonValue, mkPackage, type Package, type Store } from "../../store/index.js";
import type { BootFiles, Guest, GuestBinaries } from "../guest.js";
import { TOOL_PROGRAMS } from "../guest-config.js";
import { kernelImage, vmlinuxPackage } from "../vmlinux.js";
import { FIRECRACKER_CPU_CONFIG, firecrackerConfig } from "./firecracker.js";
import {
  GUEST_FORWARD,
  GUEST_FORWARD_PROGRAM,
  renderBinScript,
  renderMachinedRegister,
  renderMachinedUnregister,
} from "./extra-scripts.js";
import {
  firecrackerConfigPath,
  hasTapInterfaces,
  hasVirtiofs,
  renderRunScript,
  renderTapDown,
  renderTapUp,
  renderVirtiofsdRun,
  shareFiles,
  type RunnerLayout,
} from "./scripts.js";
import { renderNotifyScript } from "./notify.js";
import { canShutdown, renderShutdownScript } from "./shutdown.js";

const RUNNER_BUILDER = "tsden.microvm.runner/1";

/** What a guest boots from: packages (kernel `<out>/bzImage`, initrd `<out>/initrd`) or files. */
export interface BootInputs {
  readonly kernel: Package | string;
  readonly initrd: Package | string;
  readonly storeDisk: Package | null;
  /** `*.package` options set to packages: their `bin/<program>` replaces the command. */
  readonly tools?: Partial<Record<keyof GuestBinaries, Package>>;
  /**
   * What the guest reads from the host's store share at boot (its top level, which
   * lists its packages and the Debian base's layers): realised with the runner, so
   * a runner is never built without what it boots.
   */
  readonly closure?: readonly Package[];
  /**
   * `microvm.systemSymlink`: the guest's top level, linked as `share/microvm/system`
   * (realised with the runner, so the link never dangles).
   */
  readonly system?: Package | null;
}

/** Where a runner links the guest's top level (`microvm.systemSymlink`). */
export const SYSTEM_LINK = "share/microvm/system";

/** Every file of a runner, by path relative to its output, with its mode. */
export type RunnerFiles = Record<string, { readonly text: string; readonly mode: number }>;

/** The runner's files for `guest` booting `files`, to be placed at `layout.out`: a pure function. */
export function runnerFiles(guest: Guest, files: BootFiles, layout: RunnerLayout): RunnerFiles {
  const out: RunnerFiles = { "bin/microvm-run": { text: renderRunScript(guest, files, layout), mode: 0o555 } };
  out["bin/microvm-notify"] = { text: renderNotifyScript(guest), mode: 0o555 };
  if (canShutdown(guest)) {
    out["bin/microvm-shutdown"] = { text: renderShutdownScript(guest), mode: 0o555 };
  }
  if (hasTapInterfaces(guest)) {
    out["bin/tap-up"] = { text: renderTapUp(guest), mode: 0o555 };
    out["bin/tap-down"] = { text: renderTapDown(guest), mode: 0o555 };
  }
  if (hasVirtiofs(guest)) out["bin/virtiofsd-run"] = { text: renderVirtiofsdRun(guest), mode: 0o555 };
  if (guest.registerWithMachined) {
    out["bin/microvm-register"] = { text: renderMachinedRegister(guest), mode: 0o555 };
    out["bin/microvm-unregister"] = { text: renderMachinedUnregister(guest), mode: 0o555 };
  }
  for (const [name, text] of Object.entries(guest.binScripts))
    out[`bin/${name}`] = { text: renderBinScript(text), mode: 0o555 };
  for (const [path, text] of Object.entries(shareFiles(guest))) out[`share/microvm/${path}`] = { text, mode: 0o444 };
  if (guest.forwardPorts.some((f) => f.from === "guest"))
    out[GUEST_FORWARD] = { text: GUEST_FORWARD_PROGRAM, mode: 0o444 };
  if (guest.hypervisor === "firecracker") {
    const cpu = guest.firecracker.cpu !== null ? `${layout.out}/${FIRECRACKER_CPU_CONFIG}` : undefined;
    if (cpu !== undefined)
      out[FIRECRACKER_CPU_CONFIG] = { text: `${JSON.stringify(guest.firecracker.cpu, null, 2)}\n`, mode: 0o444 };
    const config = firecrackerConfig(guest, files, cpu);
    out[firecrackerConfigPath(layout).slice(layout.out.length + 1)] = {
      text: `${JSON.stringify(config, null, 2)}\n`,
      mode: 0o444,
    };
  }
  return out;
}

/** Writes `files` under `out`. */
export async function writeRunnerFiles(out: string, files: RunnerFiles): Promise<void> {
  for (const [path, { text, mode }] of Object.entries(files)) {
    const file = join(out, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
    await chmod(file, mode);
  }
}

async function depPath(
  store: Store,
  dep: Package | string | null,
): Promise<{ path: string | null; drv: Derivation | null }> {
  if (dep === null) return { path: null, drv: null };
  if (typeof dep === "string") return { path: dep, drv: null };
  const drv = await dep.derivation();
  return { path: store.pathOf(drv), drv };
}

/**
 * A hash of the runner's files rendered with placeholder paths: the runner's inputs hold
 * it, so a runner built by an earlier tsden whose scripts read differently is not reused.
 */
function renderingFingerprint(guest: Guest, storeDisk: string | null, requires: readonly string[] | null): string {
  const at = "/tsden-placeholder";
  const files: BootFiles = {
    kernel: `${at}/kernel`,
    vmlinux: `${at}/vmlinux`,
    initrd: `${at}/initrd`,
    storeDisk: storeDisk === null ? null : `${at}/store-disk`,
    guestForward: `${at}/out/${GUEST_FORWARD}`,
    ...(requires !== null ? { requires } : {}),
  };
  return createHash("sha256")
    .update(JSON.stringify(runnerFiles(guest, files, { out: `${at}/out` })))
    .digest("hex");
}

/** The runner of `guest` (for `guest.hypervisor`) as a package built in `store`. */
export function runnerPackage(store: Store, snapshot: Guest, boot: BootInputs): Package {
  const name = `microvm-${snapshot.hypervisor}-${snapshot.hostName}`;
  return mkPackage(name, async (): Promise<Derivation> => {
    const [kernel, initrd, storeDisk] = await Promise.all([
      depPath(store, boot.kernel),
      depPath(store, boot.initrd),
      depPath(store, boot.storeDisk),
    ]);
    // cloud-hypervisor and firecracker load the ELF kernel: extracted from the bzImage
    const needsElf = snapshot.hypervisor === "cloud-hypervisor" || snapshot.hypervisor === "firecracker";
    const vmlinux = needsElf
      ? await depPath(store, vmlinuxPackage(store, { path: kernel.path!, drv: kernel.drv }))
      : { path: null, drv: null };
    const tools = Object.entries(boot.tools ?? {}) as [keyof GuestBinaries, Package][];
    const toolDeps = await Promise.all(tools.map(async ([tool, pkg]) => ({ tool, ...(await depPath(store, pkg)) })));
    const bin = { ...snapshot.bin };
    for (const t of toolDeps) bin[t.tool] = join(t.path!, "bin", TOOL_PROGRAMS[t.tool]);
    const guest: Guest = { ...snapshot, bin };
    const closure = await Promise.all((boot.closure ?? []).map((p) => depPath(store, p)));
    const system = await depPath(store, boot.system ?? null);
    const inputs = {
      guest: guest as unknown as JsonValue,
      // how the files are written: a change to a script's text makes a new runner
      rendering: renderingFingerprint(guest, storeDisk.path, closure.length > 0 ? closure.map((c) => c.path!) : null),
      kernel: kernel.path,
      initrd: initrd.path,
      storeDisk: storeDisk.path,
      vmlinux: vmlinux.path,
      ...(closure.length > 0 ? { closure: closure.map((c) => c.path) } : {}),
      ...(system.path !== null ? { system: system.path } : {}),
    };
    const drv: Derivation = {
      name,
      builder: RUNNER_BUILDER,
      inputs,
      build: async (out) => {
        for (const dep of [
          kernel.drv,
          initrd.drv,
          storeDisk.drv,
          vmlinux.drv,
          ...toolDeps.map((t) => t.drv),
          ...closure.map((c) => c.drv),
          system.drv,
        ])
          if (dep !== null) await store.realise(dep);
        const image = kernel.drv !== null ? await kernelImage(kernel.path!) : kernel.path!;
        // the scripts name where the runner will be, not the build folder `out` is in
        const layout = { out: store.pathOf(drv) };
        const files: BootFiles = {
          kernel: image,
          vmlinux: vmlinux.path !== null ? join(vmlinux.path, "vmlinux") : image,
          initrd: initrd.drv !== null ? join(initrd.path!, "initrd") : initrd.path!,
          storeDisk: storeDisk.path,
          guestForward: `${layout.out}/${GUEST_FORWARD}`,
          ...(closure.length > 0 ? { requires: closure.map((c) => c.path!) } : {}),
        };
        await mkdir(out);
        await writeRunnerFiles(out, runnerFiles(guest, files, layout));
        if (system.path !== null) {
          await mkdir(dirname(join(out, SYSTEM_LINK)), { recursive: true });
          await symlink(system.path, join(out, SYSTEM_LINK));
        }
      },
    };
    return drv;
  });
}
