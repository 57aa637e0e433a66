/** `networking.*`: host name, interfaces with static addresses or DHCP, gateway, resolvers, and whether a live host applies them through systemd-networkd. */
import { isIP } from "node:net";
import { mkOption, types } from "../../modules/index.js";
import { attrsOfKeyed, checkedStr, hostNameType, interfaceNameType, isInterfaceName } from "./names.js";

/** An IP address (v4 or v6). */
export const ipAddressType = checkedStr("ipAddress", "IP address", (v) => isIP(v) !== 0);
const ipv4AddressType = checkedStr("ipv4Address", "IPv4 address", (v) => isIP(v) === 4);

const addressModule = {
  _file: "tsden/os/options/networking.ts",
  options: {
    address: mkOption({ type: ipv4AddressType, description: "IPv4 address of the interface." }),
    prefixLength: mkOption({
      type: types.ints.between(0, 32),
      description: "Subnet mask of the interface, as a number of bits.",
    }),
  },
};

const interfaceModule = ({ name }: { name: string }) => ({
  _file: "tsden/os/options/networking.ts",
  options: {
    name: mkOption({ type: interfaceNameType, default: name, description: "Name of the interface." }),
    ipv4: {
      addresses: mkOption({
        type: types.listOf(types.submodule(addressModule)),
        default: [],
        description: "List of IPv4 addresses statically assigned to the interface.",
      }),
    },
    useDHCP: mkOption({
      type: types.nullOr(types.bool),
      default: null,
      description:
        "Whether this interface is configured with DHCP; null follows `networking.useDHCP` when the interface has no static address.",
    }),
  },
});

const gatewayModule = {
  _file: "tsden/os/options/networking.ts",
  options: {
    address: mkOption({ type: ipAddressType, description: "The default gateway address." }),
    interface: mkOption({
      type: types.nullOr(interfaceNameType),
      default: null,
      description: "The interface the gateway is reached through.",
    }),
  },
};

/** The `networking` options. */
export const networkingModule = {
  _file: "tsden/os/options/networking.ts",
  key: "tsden/os/options/networking.ts",
  options: {
    networking: {
      hostName: mkOption({ type: hostNameType, default: "nixos", description: "The name of the machine." }),
      useDHCP: mkOption({
        type: types.bool,
        default: true,
        description: "Whether interfaces without a static address and without their own `useDHCP` use DHCP.",
      }),
      interfaces: mkOption({
        type: attrsOfKeyed(
          types.submodule(interfaceModule),
          "interface names (1 to 15 of A-Z a-z 0-9 _ . -)",
          isInterfaceName,
        ),
        default: {},
        example: { eth0: { ipv4: { addresses: [{ address: "10.0.0.2", prefixLength: 24 }] } } },
        description: "The configuration for each network interface.",
      }),
      defaultGateway: mkOption({
        type: types.nullOr(
          types.coercedTo(types.str, (address: string) => ({ address }), types.submodule(gatewayModule)),
        ),
        default: null,
        example: "10.0.0.1",
        description: "The default gateway: an address, or `{ address, interface }`.",
      }),
      useNetworkd: mkOption({
        type: types.bool,
        default: false,
        description:
          "On a live host (`tsden switch`, `tsden deploy`): whether tsden configures its network through systemd-networkd from `networking.interfaces`, `defaultGateway` and `nameservers` (one `.network` file per interface, /etc/resolv.conf), and enables systemd-networkd. Without it those options are errors on a live host. Guests always apply them.",
      }),
      nameservers: mkOption({
        type: types.listOf(ipAddressType),
        default: [],
        example: ["9.9.9.9"],
        description: "The resolvers written to /etc/resolv.conf.",
      }),
    },
  },
};
