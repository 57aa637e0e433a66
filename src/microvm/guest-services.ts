/**
 * What a microVM guest on the Debian base (systemd as init) runs for its host:
 *
 * - `microvm-ready.service`, once `multi-user.target` is reached: writes `READY` on
 *   qemu's readiness port (as the busybox base's init does) and, with `vsock.cid`,
 *   sends `READY=1` over vsock to the host (CID 2) on the port of `runners/notify.ts`,
 *   which a host with `microvm.host.useNotifySockets` relays to systemd.
 * - with `vsock.ssh.enable`, `microvm-vsock-sshd.service`: OpenSSH on vsock port 22,
 *   one `sshd -i` per connection (what systemd 256's ssh-generator sets up; Debian 12
 *   has systemd 252). From the host: `ssh -o ProxyCommand='socat - VSOCK-CONNECT:<cid>:22'`.
 *
 * Both use socat, added to the Debian base's packages. The busybox base reports its boot
 * in its init (readiness port only) and has no SSH server: `vsock.ssh.enable` there is
 * an evaluation error, as is `vsock.ssh.enable` without `vsock.cid` (as in the reference).
 */
import { ModuleError } from "../modules/index.js";
import type { Hypervisor } from "./guest.js";
import { READY_PORT_NAME } from "../os/index.js";
import { MAX_NOTIFY_CID, notifyPort } from "./runners/notify.js";

/** The vsock port the guest's SSH server listens on. */
export const VSOCK_SSH_PORT = 22;

/** What the services are made from. */
export interface GuestServicesInput {
  readonly hypervisor: Hypervisor;
  readonly cid: number | null;
  readonly ssh: boolean;
}

/** The Debian base's `systemd.services` for a microVM guest. */
export function debianGuestServices(input: GuestServicesInput): Record<string, unknown> {
  const lines = [
    `for port in /sys/class/virtio-ports/*; do`,
    `  [ "$(cat "$port/name" 2>/dev/null)" = ${READY_PORT_NAME} ] || continue`,
    `  echo READY > "/dev/\${port##*/}" || true`,
    "done",
  ];
  if (input.cid !== null) {
    // nobody listening (a host without useNotifySockets) is no error
    const port = notifyPort(input.hypervisor, input.cid);
    lines.push(`printf 'READY=1\\n' | timeout 5 socat -u - VSOCK-CONNECT:2:${port} || true`);
  }
  const services: Record<string, unknown> = {
    "microvm-ready": {
      description: "Tell the host this microVM has booted",
      wantedBy: ["multi-user.target"],
      after: ["multi-user.target"],
      // the default dependencies would order multi-user.target after this unit: a cycle
      unitConfig: { DefaultDependencies: false },
      serviceConfig: { Type: "oneshot", RemainAfterExit: true },
      script: lines.join("\n"),
    },
  };
  if (input.ssh && input.cid !== null) {
    services["microvm-vsock-sshd"] = {
      description: "OpenSSH on vsock port 22",
      wantedBy: ["multi-user.target"],
      // ssh.service makes the host keys first
      wants: ["ssh.service"],
      after: ["ssh.service"],
      serviceConfig: {
        ExecStart: `/usr/bin/socat VSOCK-LISTEN:${VSOCK_SSH_PORT},fork,reuseaddr EXEC:"/usr/sbin/sshd -i"`,
        Restart: "always",
      },
    };
  }
  return services;
}

/** Throws when the guest's vsock options cannot work on its base. */
export function checkGuestVsock(input: GuestServicesInput & { readonly base: string | undefined }): void {
  if (input.ssh && input.cid === null) {
    throw new ModuleError({
      code: "ASSERTION_FAILED",
      optionPath: ["microvm", "vsock", "ssh", "enable"],
      message: "microvm.vsock.ssh.enable requires microvm.vsock.cid to be set.",
      hint: "Give the guest a vsock address: microvm.vsock.cid = 3 (or more, unique on its host).",
    });
  }
  if (input.ssh && input.base !== "debian") {
    throw new ModuleError({
      code: "ASSERTION_FAILED",
      optionPath: ["microvm", "vsock", "ssh", "enable"],
      message: `microvm.vsock.ssh.enable needs an SSH server in the guest, which the ${input.base ?? "busybox"} base does not have.`,
      hint: 'Use the Debian base (system.base = "debian"), or turn vsock.ssh.enable off.',
    });
  }
  if (input.cid !== null && input.cid > MAX_NOTIFY_CID) {
    throw new ModuleError({
      code: "ASSERTION_FAILED",
      optionPath: ["microvm", "vsock", "cid"],
      message: `microvm.vsock.cid ${input.cid} is too large: vsock addresses are 32-bit, and the guest reports its boot on host port 8888 + cid.`,
      hint: `Use a CID from 3 to ${MAX_NOTIFY_CID}.`,
    });
  }
}
