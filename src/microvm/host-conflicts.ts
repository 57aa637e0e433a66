/**
 * What two microVMs of one host must not share, checked when the host is evaluated:
 * unix socket paths (the control socket, each virtiofs share's virtiofsd socket, the
 * vsock sockets cloud-hypervisor and firecracker open for `vsock.cid`), the vsock
 * CIDs of the hypervisors that use the host kernel's vhost-vsock (qemu, crosvm,
 * kvmtool: a CID is one address on the host), and tap interface names. A relative
 * socket path is taken in the VM's own folder (`<stateDir>/<name>`, the runner's
 * working directory), so the defaults never collide; absolute ones can. A clash is a
 * `ModuleError` naming both VMs, the options involved and where they were defined.
 */
import { posix } from "node:path";
import { ModuleError, type Origin } from "../modules/index.js";
import { NOTIFY_VSOCK } from "./runners/cloud-hypervisor.js";

/** The parts of a guest's `microvm.*` options this check reads (any may be missing). */
interface MicrovmPart {
  readonly hypervisor?: string;
  readonly socket?: string | null;
  readonly shares?: readonly { readonly tag?: string; readonly proto?: string; readonly socket?: string | null }[];
  readonly vsock?: { readonly cid?: number | null };
  readonly interfaces?: readonly { readonly type?: string; readonly id?: string }[];
}

/** One VM of the host: its name and its evaluated guest configuration (`config` and, when it has them, `options`). */
export interface HostVmEvaluation {
  readonly name: string;
  readonly config: unknown;
  readonly options?: unknown;
}

/** A resource one VM holds: what kind, its value, and the option that set it. */
interface Claim {
  readonly kind: "socket" | "vsock CID" | "tap interface";
  readonly value: string;
  readonly option: string;
  /** The option's path under the guest's options, to find where it was defined. */
  readonly optionPath: readonly string[];
}

/** Hypervisors whose vsock is the host kernel's vhost-vsock (one CID namespace per host). */
const VHOST_VSOCK = new Set(["qemu", "crosvm", "kvmtool"]);
/** Hypervisors whose vsock is a unix socket in the VM's folder (cloud-hypervisor's and firecracker's hybrid vsock). */
const HYBRID_VSOCK = new Set(["cloud-hypervisor", "firecracker"]);

function claims(microvm: MicrovmPart, folder: string): Claim[] {
  const out: Claim[] = [];
  const socket = (path: string, option: string, optionPath: readonly string[]) =>
    out.push({ kind: "socket", value: posix.resolve(folder, path), option, optionPath });
  const hypervisor = microvm.hypervisor ?? "qemu";
  // kvmtool keeps its control socket in $HOME/.lkvm, which the runner sets to the VM's folder
  if (typeof microvm.socket === "string" && hypervisor !== "kvmtool") {
    socket(microvm.socket, "microvm.socket", ["microvm", "socket"]);
  }
  for (const share of microvm.shares ?? []) {
    if (share.proto === "virtiofs" && typeof share.socket === "string" && share.socket !== "") {
      socket(share.socket, `microvm.shares."${share.tag ?? ""}".socket`, ["microvm", "shares"]);
    }
  }
  const cid = microvm.vsock?.cid;
  if (typeof cid === "number") {
    if (HYBRID_VSOCK.has(hypervisor)) {
      socket(NOTIFY_VSOCK, "microvm.vsock.cid (its vsock socket)", ["microvm", "vsock", "cid"]);
      socket(`${NOTIFY_VSOCK}_8888`, "microvm.vsock.cid (its notify socket)", ["microvm", "vsock", "cid"]);
    }
    if (VHOST_VSOCK.has(hypervisor)) {
      out.push({
        kind: "vsock CID",
        value: String(cid),
        option: "microvm.vsock.cid",
        optionPath: ["microvm", "vsock", "cid"],
      });
    }
  }
  for (const iface of microvm.interfaces ?? []) {
    if ((iface.type === "tap" || iface.type === "macvtap") && typeof iface.id === "string") {
      out.push({
        kind: "tap interface",
        value: iface.id,
        option: `microvm.interfaces."${iface.id}".id`,
        optionPath: ["microvm", "interfaces"],
      });
    }
  }
  return out;
}

/** Where the option at `path` of an evaluation was defined (nothing when the evaluation has no options). */
function originsOf(vm: HostVmEvaluation, path: readonly string[]): Origin[] {
  let node: unknown = vm.options;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return [];
    node = (node as Record<string, unknown>)[key];
  }
  const defs = (node as { definitionsWithLocations?: unknown } | undefined)?.definitionsWithLocations;
  if (!Array.isArray(defs)) return [];
  return defs.map((d: { file: string; line?: number }) => ({
    file: `${d.file} (microVM ${vm.name})`,
    ...(d.line !== undefined ? { line: d.line } : {}),
  }));
}

/**
 * Throws a `ModuleError` (code `CONFLICT`) when two VMs of the host in `stateDir`
 * claim the same socket path, vhost-vsock CID or tap interface; VMs are taken in name order.
 */
export function checkHostConflicts(stateDir: string, vms: readonly HostVmEvaluation[]): void {
  const seen = new Map<string, { vm: HostVmEvaluation; claim: Claim }>();
  for (const vm of [...vms].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const microvm = (vm.config as { microvm?: MicrovmPart } | null)?.microvm;
    if (microvm === undefined || microvm === null) continue;
    const mine = new Set<string>();
    for (const claim of claims(microvm, posix.join(stateDir, vm.name))) {
      const key = `${claim.kind}\0${claim.value}`;
      const first = seen.get(key);
      // one VM using a path twice is the guest's own check (see runners/check.ts)
      if (first !== undefined && first.vm.name !== vm.name) {
        throw new ModuleError({
          code: "CONFLICT",
          optionPath: ["microvm", "vms", vm.name],
          message: `The microVMs \`${first.vm.name}' and \`${vm.name}' both use the ${claim.kind} ${claim.value}: \`${first.vm.name}' through ${first.claim.option}, \`${vm.name}' through ${claim.option}.`,
          definitions: [...originsOf(first.vm, first.claim.optionPath), ...originsOf(vm, claim.optionPath)],
          hint: HINTS[claim.kind],
        });
      }
      if (!mine.has(key)) seen.set(key, { vm, claim });
      mine.add(key);
    }
  }
}

const HINTS: Record<Claim["kind"], string> = {
  socket:
    "Give each VM its own path. A relative path is taken in the VM's own folder (<stateDir>/<name>), so relative paths (the defaults) never collide.",
  "vsock CID":
    "Give each VM its own microvm.vsock.cid (3 or more): the host's vhost-vsock has one address space for all its VMs.",
  "tap interface":
    "Give each VM's tap and macvtap interfaces their own names (microvm.interfaces.*.id): they are the host's interfaces.",
};
