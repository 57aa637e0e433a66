/**
 * Host outputs for the activation tests: a host with light guests (busybox init, no
 * system packages, the store on a small disk image) built in the default store, and
 * helpers that read a container's activation state.
 */
import { evalModules } from "../../../src/modules/index.js";
import { microvmHostModule } from "../../../src/host/microvm-host.js";
import { osModules } from "../../../src/os/index.js";
import { realisePackage, type Package } from "../../../src/store/package.js";
import type { Store } from "../../../src/store/store.js";
import type { Container } from "../../support/nspawn-container.js";

/** One light guest: its memory, its interfaces and shares, and what it does once booted. */
export interface LightGuest {
  readonly mem?: number;
  /** A tap interface with this id. */
  readonly tap?: string;
  /** A macvtap interface (`id`, on the host's interface `link`, bridge mode); the guest sees it as eth0. */
  readonly macvtap?: { readonly id: string; readonly link: string };
  /** A host folder shared over virtiofs (tag `shared`), mounted at /shared. */
  readonly virtiofs?: string;
  readonly preStart?: string;
  readonly autostart?: boolean;
  /** Shell run after the greeting and the volume proof. */
  readonly commands?: string;
  /** Powers off once its commands finished (a guest that runs a job and stops by design). */
  readonly poweroff?: boolean;
}

/** The MAC of a light guest's macvtap interface. */
export const MACVTAP_MAC = "02:00:00:00:00:0b";

/** A VM declaration of a light guest that says hello, and writes and prints a volume file. */
export function lightVm(name: string, g: LightGuest): Record<string, unknown> {
  return {
    autostart: g.autostart ?? true,
    config: {
      microvm: {
        mem: g.mem ?? 256,
        volumes: [{ image: "data.img", size: 16, mountPoint: "/data", label: "data" }],
        interfaces: [
          ...(g.tap === undefined ? [] : [{ type: "tap", id: g.tap, mac: "02:00:00:00:00:0a" }]),
          ...(g.macvtap === undefined
            ? []
            : [
                {
                  type: "macvtap",
                  id: g.macvtap.id,
                  mac: MACVTAP_MAC,
                  macvtap: { link: g.macvtap.link, mode: "bridge" },
                },
              ]),
        ],
        shares:
          g.virtiofs === undefined
            ? []
            : [{ tag: "shared", source: g.virtiofs, mountPoint: "/shared", proto: "virtiofs" }],
        ...(g.preStart === undefined ? {} : { preStart: g.preStart }),
      },
      ...(g.macvtap === undefined ? {} : { networking: { useDHCP: false, interfaces: { eth0: {} } } }),
      boot: {
        postBootCommands: [
          'echo "previous: $(cat /data/proof 2>/dev/null || echo none)"',
          `echo hello-from-$(hostname)`,
          `echo written-by-${name} > /data/proof`,
          "sync",
          ...(g.commands === undefined ? [] : [g.commands]),
        ].join("\n"),
        ...(g.poweroff === true ? { poweroffAfterCommands: true } : {}),
      },
    },
  };
}

/** Builds the host output (`system.build.microvmHost`) of the os configuration `module` gives; returns its store path. */
export async function realiseHost(store: Store, module: Record<string, unknown>): Promise<string> {
  const config = evalModules({
    modules: [...osModules, microvmHostModule, module],
    specialArgs: { store },
    class: "os",
  }).config as unknown as { system: { build: { microvmHost: Package } } };
  return realisePackage(store, config.system.build.microvmHost);
}

/** Builds the host output of a host named `testhost` with `vms`; returns its store path. */
export async function buildHost(store: Store, vms: Record<string, LightGuest>, startupTimeout = 240): Promise<string> {
  return realiseHost(store, {
    _file: "switch-fixtures.ts",
    networking: { hostName: "testhost" },
    microvm: {
      host: { startupTimeout },
      vms: Object.fromEntries(Object.entries(vms).map(([n, g]) => [n, lightVm(n, g)])),
    },
  });
}

/**
 * What an activation leaves on a host, without times and generation numbers: the unit
 * files tsden manages (with content hashes), each VM folder's links, the active
 * microvm units, the tap devices, the current generation's output, leftovers of
 * interrupted renames.
 */
export async function fingerprint(c: Container): Promise<string> {
  return c.sh(
    [
      "cd /etc/systemd/system",
      'echo units:; for f in $(cat /var/lib/tsden/host/units 2>/dev/null); do if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"; else echo "$f $(md5sum < "$f" | cut -c1-8)"; fi; done',
      'echo links:; for d in /var/lib/microvms/*/; do for l in current booted tap-booted; do [ -L "$d$l" ] && echo "$d$l -> $(readlink "$d$l")"; done; done; true',
      "echo active:; systemctl list-units --state=active --no-legend --plain 'microvm*' | awk '{print $1}' | sort",
      "echo taps:; ip -o link show type tun | awk -F': ' '{print $2}' | sort",
      "echo generation: $(readlink -f /var/lib/tsden/profiles/system)",
      "echo leftovers:; find /etc/systemd/system /var/lib/microvms /var/lib/tsden -name '*.tsden-tmp' 2>/dev/null",
    ].join("\n"),
  );
}

/** The main PID of a VM's unit (0 when it is not running). */
export async function mainPid(c: Container, vm: string): Promise<number> {
  return Number((await c.sh(`systemctl show -p MainPID --value microvm@${vm}.service`)).trim());
}

/** Waits until `text` is in the journal of `unit` (or throws with the journal after `ms`). */
export async function waitForJournal(c: Container, unit: string, text: string, ms = 240_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const journal = await c.journal(unit);
    if (journal.includes(text)) return journal;
    if (Date.now() > deadline) throw new Error(`no "${text}" in the journal of ${unit}:\n${journal.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
