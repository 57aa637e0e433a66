/**
 * Deployment targets for tests: containers (see `nspawn-container.ts`) reachable over a
 * private network the test makes, each with sshd. Every container gets a veth pair
 * (`--network-veth`: `ve-...` here, `host0` inside) on a /24 of its own in
 * 10.231.0.0/16; a host key made by the test for each container; the test's client
 * key in root's authorized_keys; and one ssh configuration file (`-F`) naming the
 * client key and a known_hosts file with exactly those host keys. No traffic leaves
 * this machine: the addresses exist only on these veth pairs.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { boot, type Container } from "./nspawn-container.js";

/** One reachable container. */
export interface FleetHost {
  readonly container: Container;
  /** Its address on the private network. */
  readonly address: string;
}

/** Containers with sshd and the client side to reach them. */
export interface SshFleet {
  readonly hosts: readonly FleetHost[];
  /** The ssh configuration file (`ssh -F`). */
  readonly sshConfig: string;
  /** An address on a private network that answers nothing (for unreachable-host tests). */
  readonly deadAddress: string;
  /** Stops the containers and removes the client files. */
  stop(): Promise<void>;
}

function run(command: string, args: readonly string[]): string {
  return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Boots `count` containers named `<prefix>-<i>` (i from 1) with sshd on a private
 * network; `subnet` picks 10.231.<subnet + i>.0/24 so concurrent test files do not meet.
 */
export async function sshFleet(
  prefix: string,
  count: number,
  subnet: number,
  options: { readonly bind?: readonly string[]; readonly bindReadOnly?: readonly string[] } = {},
): Promise<SshFleet> {
  const dir = mkdtempSync(join("/var/tmp", "tsden-ssh-fleet-"));
  run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "tsden-test-client", "-f", join(dir, "id")]);
  const clientKey = readFileSync(join(dir, "id.pub"), "utf8").trim();
  const hosts: FleetHost[] = [];
  const knownHosts: string[] = [];
  const booting = Array.from({ length: count }, (_, k) =>
    boot(`${prefix}-${k + 1}`, {
      network: "veth",
      ...(options.bind ? { bind: options.bind } : {}),
      ...(options.bindReadOnly ? { bindReadOnly: options.bindReadOnly } : {}),
    }),
  );
  try {
    const booted = await Promise.all(booting);
    for (const [k, container] of booted.entries()) {
      const net = `10.231.${subnet + k + 1}`;
      // the host side of the pair: the interface whose index host0's peer link names
      const peer = (await container.sh("cat /sys/class/net/host0/iflink")).trim();
      const veth = run("ip", ["-o", "link", "show"])
        .split("\n")
        .find((l) => l.startsWith(`${peer}: `))
        ?.split(": ")[1]
        ?.split("@")[0];
      if (veth === undefined)
        throw new Error(`no host interface has index ${peer} (the veth peer of ${container.name})`);
      run("ip", ["addr", "replace", `${net}.1/24`, "dev", veth]);
      run("ip", ["link", "set", veth, "up"]);
      await container.sh(`ip addr replace ${net}.2/24 dev host0 && ip link set host0 up`);
      const keyFile = join(dir, `host-${k + 1}`);
      run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", `tsden-test-host-${k + 1}`, "-f", keyFile]);
      const hostKey = readFileSync(keyFile, "utf8");
      await container.sh(
        [
          "install -d -m 0700 /root/.ssh",
          `printf '%s\\n' '${clientKey}' > /root/.ssh/authorized_keys`,
          "chmod 0600 /root/.ssh/authorized_keys",
          "umask 077; cat > /etc/ssh/tsden_test_host_key",
          "printf 'HostKey /etc/ssh/tsden_test_host_key\\nPermitRootLogin prohibit-password\\nPasswordAuthentication no\\n' > /etc/ssh/sshd_config.d/tsden-test.conf",
          "systemctl restart ssh.service",
        ].join(" && "),
        { input: hostKey },
      );
      knownHosts.push(`${net}.2 ${readFileSync(`${keyFile}.pub`, "utf8").trim()}`);
      hosts.push({ container, address: `${net}.2` });
    }
  } catch (error) {
    // stop every container that did boot, whichever failed
    await Promise.all(
      booting.map((b) =>
        b.then(
          (c) => c.stop(),
          () => undefined,
        ),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  writeFileSync(join(dir, "known_hosts"), `${knownHosts.join("\n")}\n`);
  const sshConfig = join(dir, "ssh_config");
  writeFileSync(
    sshConfig,
    [
      "Host *",
      "  User root",
      `  IdentityFile ${join(dir, "id")}`,
      "  IdentitiesOnly yes",
      "  IdentityAgent none",
      `  UserKnownHostsFile ${join(dir, "known_hosts")}`,
      "  GlobalKnownHostsFile /dev/null",
      "  StrictHostKeyChecking yes",
      "  ConnectTimeout 5",
      "",
    ].join("\n"),
  );
  return {
    hosts,
    sshConfig,
    // on the first container's network, where no machine answers: ARP fails, nothing is routed off this machine
    deadAddress: `10.231.${subnet + 1}.3`,
    stop: async () => {
      await Promise.all(hosts.map((h) => h.container.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
