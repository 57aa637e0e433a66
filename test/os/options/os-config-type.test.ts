/** `OsConfig` is the type the OS class's option declarations give: checked by the compiler, and against an evaluation. */
import { describe, expect, expectTypeOf, it } from "vitest";
import type {
  OsConfig,
  OsDeployment,
  OsEtcFile,
  OsFileSystem,
  OsGateway,
  OsInterface,
  OsService,
  OsUser,
} from "../../../src/os/index.js";
import type { Package } from "../../../src/store/package.js";
import { evalOs } from "./eval-os.js";

describe("OsConfig: the os class's configuration, derived from its declarations", () => {
  it("gives each option the type of its values", () => {
    expectTypeOf<OsConfig>().not.toBeAny();
    expectTypeOf<OsConfig["networking"]["hostName"]>().toEqualTypeOf<string>();
    expectTypeOf<OsConfig["networking"]["useDHCP"]>().toEqualTypeOf<boolean>();
    expectTypeOf<OsConfig["boot"]["kernel"]["flavour"]>().toEqualTypeOf<"generic" | "cloud">();
    expectTypeOf<OsConfig["boot"]["kernelPath"]>().toEqualTypeOf<string | null>();
    expectTypeOf<OsConfig["environment"]["systemPackages"]>().toEqualTypeOf<Package[]>();
    expectTypeOf<OsConfig["system"]["build"]["toplevel"]>().toEqualTypeOf<Package>();
    expectTypeOf<OsConfig["system"]["base"]>().toEqualTypeOf<"busybox" | "debian">();
  });

  it("names the parts of submodules the builders take", () => {
    expectTypeOf<OsInterface>().toEqualTypeOf<{
      readonly name: string;
      readonly ipv4: { readonly addresses: { readonly address: string; readonly prefixLength: number }[] };
      readonly useDHCP: boolean | null;
    }>();
    expectTypeOf<OsGateway>().toEqualTypeOf<{ readonly address: string; readonly interface: string | null }>();
    expectTypeOf<OsFileSystem>().toEqualTypeOf<{
      readonly mountPoint: string;
      readonly device: string | null;
      readonly label: string | null;
      readonly fsType: string;
      readonly options: string[];
      readonly neededForBoot: boolean;
    }>();
  });

  it("users, services, /etc files and deployment settings are their options' types", () => {
    expectTypeOf<OsUser["uid"]>().toEqualTypeOf<number | null>();
    expectTypeOf<OsUser["openssh"]["authorizedKeys"]["keys"]>().toEqualTypeOf<string[]>();
    expectTypeOf<OsService["wantedBy"]>().toEqualTypeOf<string[]>();
    expectTypeOf<OsService["overrideStrategy"]>().toEqualTypeOf<"asDropinIfExists" | "asDropin">();
    expectTypeOf<OsService["path"]>().toEqualTypeOf<(Package | string)[]>();
    expectTypeOf<OsEtcFile["text"]>().toEqualTypeOf<string | null>();
    expectTypeOf<OsDeployment["targetPort"]>().toEqualTypeOf<number | null>();
    expectTypeOf<OsConfig["programs"]["zsh"]["enable"]>().toEqualTypeOf<boolean>();
    expectTypeOf<OsConfig["services"]["openssh"]["settings"]["PermitRootLogin"]>().toEqualTypeOf<
      "yes" | "without-password" | "prohibit-password" | "forced-commands-only" | "no"
    >();
  });

  it("a name no option declares is a type error", () => {
    // @ts-expect-error: there is no `networking.hostname` (it is `hostName`)
    const wrong: OsConfig["networking"]["hostname"] = "x";
    expect(wrong).toBe("x");
  });

  it("describes the configuration evaluation gives", () => {
    const config: OsConfig = evalOs({
      networking: {
        hostName: "web",
        interfaces: { eth0: { ipv4: { addresses: [{ address: "10.0.0.2", prefixLength: 24 }] } } },
      },
    });
    const eth0: OsInterface = config.networking.interfaces.eth0!;
    expect({ ...eth0, ipv4: { addresses: eth0.ipv4.addresses.map((a) => ({ ...a })) } }).toEqual({
      name: "eth0",
      ipv4: { addresses: [{ address: "10.0.0.2", prefixLength: 24 }] },
      useDHCP: null,
    });
  });
});
