/**
 * `makeMicrovmIntegration`: Den's MicroVM template's `microvm-integration.nix`, shipped by the
 * library (as `microvmIntegration`, with tsden's host module). A top-level module a project imports. It
 * - extends `den.schema.host` with `microvm.module`, `microvm.hostModule`,
 *   `microvm.guests` (a list of Den hosts run as guest VMs, default []) and
 *   `microvm.sharedStore` (share the host's store read-only into every guest; default
 *   true, as the reference's `sharedNixStore`; over virtiofs when the host has
 *   virtiofsd, else 9p);
 * - adds the two-stage pipeline: `host` → `microvm-host` (only for hosts with guests;
 *   imports the host module) → `microvm-guest` (one `{ host, vm }` per guest), whose
 *   cross provider forwards the guest's OS configuration (its whole host pipeline, so
 *   every Den feature works on guests) into `microvm.vms.<vm>.config`, and the guest's
 *   `microvm` class into `microvm.vms.<vm>`.
 */
import {
  closest,
  mkDefault,
  mkEnableOption,
  mkOption,
  mkOptionType,
  ModuleError,
  types,
  type ModuleConfigOf,
} from "../modules/index.js";
import { forward, type Host } from "../aspects/index.js";
import { Store } from "../store/index.js";
import { microvmGuestModule } from "./guest-module.js";
import { storeShareProto } from "./store-share.js";

/** A host with the schema this module adds (`microvm.*`, as `extendHostSchema` declares it). */
export interface MicrovmHost extends Host {
  readonly microvm: ModuleConfigOf<ReturnType<typeof extendHostSchema>>["microvm"];
}

/** The tag of the store share in every guest. */
export const STORE_SHARE_TAG = "ro-store";

type DenHosts = Readonly<Record<string, Readonly<Record<string, Host>>>>;

/**
 * One guest: a Den host, or the name of a host of the same system. Anything else (an
 * unknown name, `undefined` from `den.hosts[system][typo]`) is an error naming the
 * file, the option and the hosts there are.
 */
function guestType(hosts: () => DenHosts, system: () => string) {
  // every host has the schema this module adds: a guest is a MicrovmHost too
  return mkOptionType<MicrovmHost>({
    name: "den-guest",
    description: "Den host (den.hosts.<system>.<name>) or host name",
    descriptionClass: "noun",
    merge: (loc, defs) => {
      const def = defs[0]!;
      const v = def.value;
      const path = loc.filter((k) => !k.startsWith("[definition "));
      const names = () => Object.keys(hosts()[system()] ?? {});
      const fail = (message: string, near: readonly string[]) => {
        throw new ModuleError({
          code: "TYPE_MISMATCH",
          message,
          optionPath: path,
          definitions: [{ file: def.file, line: def.line, value: v }],
          hint:
            near.length > 0
              ? `Did you mean ${near.map((n) => `\`${n}'`).join(", ")}?`
              : `A guest is a Den host of ${system()} (den.hosts["${system()}"].<name>) or its name; the hosts there are: ${names().join(", ") || "none"}.`,
        });
      };
      if (typeof v === "string") {
        const h = hosts()[system()]?.[v];
        if (!h)
          fail(
            `\`${path.join(".")}' names the guest \`${v}', which is not a host of ${system()}.`,
            closest(v, names()),
          );
        return h as MicrovmHost;
      }
      if (
        typeof v !== "object" ||
        v === null ||
        typeof (v as Host).name !== "string" ||
        typeof (v as Host).class !== "string"
      ) {
        fail(
          `\`${path.join(".")}' has a guest that is not a Den host (${v === undefined ? "undefined: a den.hosts lookup of a host that does not exist?" : typeof v}).`,
          [],
        );
      }
      return v as MicrovmHost;
    },
  });
}

// extends den.schema.host with MicroVM specific options
const extendHostSchema =
  (den: () => { hosts: DenHosts }, hostModule: unknown) =>
  ({ host }: { host: Host }) => ({
    _file: "tsden/microvm/den.ts (host schema)",
    options: {
      microvm: {
        module: mkOption({
          type: types.raw,
          default: microvmGuestModule,
          description: "MicroVM guest module (microvm.* options).",
        }),
        hostModule: mkOption({
          type: types.raw,
          default: hostModule,
          description: "MicroVM host module (microvm.vms.<name>).",
        }),
        // Declarative guest VMs built with the host.
        guests: mkOption({
          type: types.listOf(
            guestType(
              () => den().hosts,
              () => host.system,
            ),
          ),
          default: [],
          description:
            "Guest microVMs: a list of Den hosts, [den.hosts['x86_64-linux'].foo], or their names ([\"foo\"]). When non-empty, the host imports the host module and starts the microvm-host context pipeline.",
        }),
        sharedStore: mkEnableOption(
          "sharing the host's store read-only into every guest (instead of a store disk image)",
        ),
      },
    },
    config: { microvm: { sharedStore: mkDefault(true) } },
  });

/** The store share of a guest: the host's store, read-only, where the guest's paths expect it (virtiofs when virtiofsd is found, else 9p). */
function storeShare(store: Store) {
  return { source: store.root, mountPoint: store.root, tag: STORE_SHARE_TAG, proto: storeShareProto() };
}

/**
 * The Den integration of microVMs with `hostModule` as every host's default
 * `microvm.hostModule` (tsden's is `microvmIntegration`, whose host module also builds
 * the host's activation program).
 */
export const makeMicrovmIntegration =
  (hostModule: unknown) =>
  ({ den }: { den: { aspects: Record<string, unknown>; hosts: DenHosts } }) => {
    const ctx = {
      // transition a host into a microVM host (only if it has guests)
      host: {
        into: {
          "microvm-host": ({ host }: { host: MicrovmHost }) => (host.microvm.guests.length > 0 ? [{ host }] : []),
        },
      },
      "microvm-host": {
        provides: {
          // the host imports the microVM host module
          "microvm-host": ({ host }: { host: MicrovmHost }) => ({
            [host.class]: { imports: [host.microvm.hostModule] },
          }),
          // a guest configured at the host level (declarative microVMs)
          "microvm-guest":
            ({ host }: { host: MicrovmHost }) =>
            ({ vm }: { host: MicrovmHost; vm: MicrovmHost }) => ({
              includes: [
                // share the host's store if enabled
                host.microvm.sharedStore
                  ? {
                      [host.class]: ({ store }: { store?: Store }) => ({
                        microvm: {
                          vms: { [vm.name]: { config: { microvm: { shares: [storeShare(store ?? new Store())] } } } },
                        },
                      }),
                    }
                  : {},
                // forwards the guest's OS configuration into the host: microvm.vms.<vm>.config
                forward({
                  each: [true],
                  fromClass: () => vm.class,
                  intoClass: () => host.class,
                  intoPath: () => ["microvm", "vms", vm.name, "config"],
                  // the guest's host pipeline: every Den feature works on guests
                  fromAspect: () => vm.resolved,
                }),
                // forwards the guest's microvm class into the host: microvm.vms.<vm>
                forward({
                  each: [true],
                  fromClass: () => "microvm",
                  intoClass: () => host.class,
                  intoPath: () => ["microvm", "vms", vm.name],
                  fromAspect: () => den.aspects[vm.name] ?? vm.aspect,
                }),
              ],
            }),
        },
        // transition from the microVM host into each guest
        into: { "microvm-guest": ({ host }: { host: MicrovmHost }) => host.microvm.guests.map((vm) => ({ host, vm })) },
      },
    };
    return {
      _file: "tsden/microvm/den.ts",
      key: "tsden/microvm/den.ts",
      den: { ctx, schema: { host: { imports: [extendHostSchema(() => den, hostModule)] } } },
    };
  };
