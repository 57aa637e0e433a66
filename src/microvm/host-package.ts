/**
 * `system.build.microvmHost`: a package whose output holds what a host needs to run
 * its microVMs: the systemd units (`etc/systemd/system/...`, see
 * `render/host-units.ts`, and `multi-user.target.wants/microvms.target`), a link to
 * each guest's runner (`vms/<name>`), a manifest (`share/microvm/host.json`, what
 * `tsden status` compares with the host), and the files `extras` adds (the host
 * layer's activation program, the host's own files, a link to its system profile). Its store path depends on the units' text, which
 * names each runner's store path, and on the extra files' text.
 */
import { chmod, mkdir, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type Derivation, mkPackage, type Package, Store } from "../store/index.js";
import { renderHostUnits, type HostUnitsVm } from "./render/host-units.js";

/** One VM of a host, with its runner still a package. */
export interface HostPackageVm {
  readonly name: string;
  readonly runner: Package;
  readonly autostart: boolean;
  readonly restartIfChanged: boolean;
  /** The sources of the guest's shares (created on the host when missing). */
  readonly shareSources: readonly string[];
  /** Volume images relative to the VM's folder (handed to the hypervisor user with the folder). */
  readonly volumeImages?: readonly string[];
  /** Absolute paths outside the VM's folder that its units write (see `HostUnitsVm`). */
  readonly writablePaths?: readonly string[];
  /** Absolute paths outside the VM's folder that its units read. */
  readonly readablePaths?: readonly string[];
}

/** Files a host output gets besides its units, by path, from its VMs (their runners as store paths). */
export type HostOutputExtras = (
  spec: { readonly hostName: string; readonly stateDir: string; readonly startupTimeout: number },
  vms: readonly (HostUnitsVm & {
    readonly shareSources: readonly string[];
    readonly volumeImages?: readonly string[];
  })[],
  /** The host's evaluated configuration (for the files of its own settings). */
  config?: unknown,
) => Readonly<Record<string, HostOutputEntry>>;

/** An extra entry of a host output: a file's text and mode, or a link to a package's output (built with the host output, so it is in its closure). */
export type HostOutputEntry = { readonly text: string; readonly mode: number } | { readonly link: Package };

/** An extra entry with its link's package resolved to a store path. */
type ResolvedEntry =
  | { readonly text: string; readonly mode: number }
  | { readonly link: string; readonly drv: Derivation };

/** What the host package is made from. */
export interface HostPackageSpec {
  /** The host's name (part of the package name). */
  readonly hostName: string;
  readonly stateDir: string;
  readonly startupTimeout: number;
  /** `microvm.host.useNotifySockets` (default false). */
  readonly useNotifySockets?: boolean;
  /** Read when the package's derivation is first asked for (VMs are evaluated then). */
  readonly vms: () => readonly HostPackageVm[];
}

/** The manifest at `share/microvm/host.json`: the VMs a host output declares. */
export interface HostManifest {
  readonly version: 1;
  readonly stateDir: string;
  readonly vms: Readonly<
    Record<string, { readonly runner: string; readonly autostart: boolean; readonly restartIfChanged: boolean }>
  >;
}

/** Where the manifest sits in a host output. */
export const HOST_MANIFEST = "share/microvm/host.json";
/** Where the unit files sit in a host output. */
export const UNITS_DIR = "etc/systemd/system";

const BUILDER = "tsden.microvm.host/2";

/** The link that starts microvms.target at boot, as `systemctl enable` would make it. */
const TARGET_WANTS = "multi-user.target.wants/microvms.target";

/** The derivation of the host output, given each VM's runner derivation (realised into `store` when built). */
export function hostDerivation(
  spec: Omit<HostPackageSpec, "vms">,
  vms: readonly (HostUnitsVm & { readonly drv: Derivation; readonly shareSources: readonly string[] })[],
  store: Store,
  extraFiles: Readonly<Record<string, ResolvedEntry>> = {},
): Derivation {
  const units = renderHostUnits({
    stateDir: spec.stateDir,
    startupTimeout: spec.startupTimeout,
    ...(spec.useNotifySockets === true ? { useNotifySockets: true } : {}),
    vms,
  });
  const manifest: HostManifest = {
    version: 1,
    stateDir: spec.stateDir,
    vms: Object.fromEntries(
      [...vms]
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .map((vm) => [vm.name, { runner: vm.runner, autostart: vm.autostart, restartIfChanged: vm.restartIfChanged }]),
    ),
  };
  return {
    name: `microvm-host-${spec.hostName}`,
    builder: BUILDER,
    inputs: {
      units: { ...units },
      manifest: manifest as never,
      extras: Object.fromEntries(
        Object.entries(extraFiles).map(([k, v]) => [
          k,
          "link" in v ? `-> ${v.link}` : `${v.mode.toString(8)} ${v.text}`,
        ]),
      ),
    },
    build: async (out) => {
      for (const vm of vms) await store.realise(vm.drv);
      for (const [file, text] of Object.entries(units)) {
        await mkdir(dirname(join(out, UNITS_DIR, file)), { recursive: true });
        await writeFile(join(out, UNITS_DIR, file), text);
      }
      await mkdir(dirname(join(out, UNITS_DIR, TARGET_WANTS)), { recursive: true });
      await symlink("../microvms.target", join(out, UNITS_DIR, TARGET_WANTS));
      for (const [file, entry] of Object.entries(extraFiles)) {
        await mkdir(dirname(join(out, file)), { recursive: true });
        if ("link" in entry) {
          await store.realise(entry.drv);
          await symlink(entry.link, join(out, file));
          continue;
        }
        await writeFile(join(out, file), entry.text);
        await chmod(join(out, file), entry.mode);
      }
      await mkdir(join(out, "vms"), { recursive: true });
      for (const vm of vms) await symlink(vm.runner, join(out, "vms", vm.name));
      await mkdir(dirname(join(out, HOST_MANIFEST)), { recursive: true });
      await writeFile(join(out, HOST_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    },
  };
}

/** The `system.build.microvmHost` package of a host (runners' paths in `store`, default the user's store), with `extras`' files. */
export function microvmHostPackage(
  spec: HostPackageSpec,
  store: Store = new Store(),
  extras?: HostOutputExtras,
): Package {
  return mkPackage(`microvm-host-${spec.hostName}`, async () => {
    const vms = await Promise.all(
      spec.vms().map(async (vm) => {
        const drv = await vm.runner.derivation();
        return {
          name: vm.name,
          runner: store.pathOf(drv),
          autostart: vm.autostart,
          restartIfChanged: vm.restartIfChanged,
          shareSources: vm.shareSources,
          volumeImages: vm.volumeImages ?? [],
          writablePaths: vm.writablePaths ?? [],
          readablePaths: vm.readablePaths ?? [],
          drv,
        };
      }),
    );
    const entries =
      extras?.({ hostName: spec.hostName, stateDir: spec.stateDir, startupTimeout: spec.startupTimeout }, vms) ?? {};
    const resolved: Record<string, ResolvedEntry> = {};
    for (const [file, entry] of Object.entries(entries)) {
      if (!("link" in entry)) {
        resolved[file] = entry;
        continue;
      }
      const drv = await entry.link.derivation();
      resolved[file] = { link: store.pathOf(drv), drv };
    }
    return hostDerivation(spec, vms, store, resolved);
  });
}
