/**
 * `system.build.microvmHost`: a package whose output holds what a host needs to run
 * its microVMs: the systemd units (`etc/systemd/system/...`, see
 * `render/host-units.ts`), a link to each guest's runner (`vms/<name>`), and a
 * manifest (`share/microvm/host.json`) the apply step reads. Its store path depends on
 * the units' text, which names each runner's store path.
 */
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Derivation } from "../store/derivation.js";
import { mkPackage, type Package } from "../store/package.js";
import { Store } from "../store/store.js";
import { renderHostUnits, type HostUnitsVm } from "./render/host-units.js";

/** One VM of a host, with its runner still a package. */
export interface HostPackageVm {
  readonly name: string;
  readonly runner: Package;
  readonly autostart: boolean;
  readonly restartIfChanged: boolean;
}

/** What the host package is made from. */
export interface HostPackageSpec {
  /** The host's name (part of the package name). */
  readonly hostName: string;
  readonly stateDir: string;
  readonly startupTimeout: number;
  /** Read when the package's derivation is first asked for (VMs are evaluated then). */
  readonly vms: () => readonly HostPackageVm[];
}

/** The manifest at `share/microvm/host.json`: what `applyMicrovmHost` installs. */
export interface HostManifest {
  readonly version: 1;
  readonly stateDir: string;
  readonly vms: Readonly<Record<string, { readonly runner: string; readonly autostart: boolean; readonly restartIfChanged: boolean }>>;
}

/** Where the manifest sits in a host output. */
export const HOST_MANIFEST = "share/microvm/host.json";
/** Where the unit files sit in a host output. */
export const UNITS_DIR = "etc/systemd/system";

const BUILDER = "tsden.microvm.host/1";

/** The derivation of the host output, given each VM's runner derivation (realised into `store` when built). */
export function hostDerivation(
  spec: Omit<HostPackageSpec, "vms">,
  vms: readonly (HostUnitsVm & { readonly drv: Derivation })[],
  store: Store,
): Derivation {
  const units = renderHostUnits({ stateDir: spec.stateDir, startupTimeout: spec.startupTimeout, vms });
  const manifest: HostManifest = {
    version: 1,
    stateDir: spec.stateDir,
    vms: Object.fromEntries(
      [...vms].sort((a, b) => (a.name < b.name ? -1 : 1)).map((vm) => [vm.name, { runner: vm.runner, autostart: vm.autostart, restartIfChanged: vm.restartIfChanged }]),
    ),
  };
  return {
    name: `microvm-host-${spec.hostName}`,
    builder: BUILDER,
    inputs: { units: { ...units }, manifest: manifest as never },
    build: async (out) => {
      for (const vm of vms) await store.realise(vm.drv);
      for (const [file, text] of Object.entries(units)) {
        await mkdir(dirname(join(out, UNITS_DIR, file)), { recursive: true });
        await writeFile(join(out, UNITS_DIR, file), text);
      }
      await mkdir(join(out, "vms"), { recursive: true });
      for (const vm of vms) await symlink(vm.runner, join(out, "vms", vm.name));
      await mkdir(dirname(join(out, HOST_MANIFEST)), { recursive: true });
      await writeFile(join(out, HOST_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    },
  };
}

/** The `system.build.microvmHost` package of a host (runners' paths in `store`, default the user's store). */
export function microvmHostPackage(spec: HostPackageSpec, store: Store = new Store()): Package {
  return mkPackage(`microvm-host-${spec.hostName}`, async () => {
    const vms = await Promise.all(
      spec.vms().map(async (vm) => {
        const drv = await vm.runner.derivation();
        return { name: vm.name, runner: store.pathOf(drv), autostart: vm.autostart, restartIfChanged: vm.restartIfChanged, drv };
      }),
    );
    return hostDerivation(spec, vms, store);
  });
}
