/**
 * systemd-networkd's `.network` files for `networking.*`: one per interface, with the
 * same rules as the busybox init (static addresses, DHCP as NixOS decides it, the
 * default gateway on its interface), name servers as DNS= on each, plus the static
 * /etc/resolv.conf and /etc/hosts. Pure; values are validated addresses and names.
 */
import type { InitInterface } from "../builders/init-spec.js";

/** `10-<name>.network` files (by file name) for `interfaces`. */
export function renderNetworkdFiles(
  interfaces: readonly InitInterface[],
  nameservers: readonly string[],
): Record<string, string> {
  const files: Record<string, string> = {};
  for (const iface of interfaces) {
    const network: string[] = [];
    for (const address of iface.addresses ?? []) network.push(`Address=${address}`);
    if (iface.gateway !== undefined) network.push(`Gateway=${iface.gateway}`);
    network.push(`DHCP=${iface.dhcp === true ? "ipv4" : "no"}`);
    for (const dns of nameservers) network.push(`DNS=${dns}`);
    const link =
      iface.dhcp === true || (iface.addresses ?? []).length > 0 ? [] : ["", "[Link]", "RequiredForOnline=no"];
    files[`10-${iface.name}.network`] = [
      "[Match]",
      `Name=${iface.name}`,
      "",
      "[Network]",
      ...network,
      ...link,
      "",
    ].join("\n");
  }
  return files;
}

/** /etc/resolv.conf for `nameservers` (null when there are none: DHCP's resolver is not written). */
export function renderResolvConf(nameservers: readonly string[]): string | null {
  return nameservers.length === 0 ? null : nameservers.map((n) => `nameserver ${n}\n`).join("");
}

/** /etc/hosts naming the machine. */
export function renderHosts(hostName: string): string {
  return `127.0.0.1 localhost\n127.0.1.1 ${hostName}\n::1 localhost ip6-localhost ip6-loopback\n`;
}
