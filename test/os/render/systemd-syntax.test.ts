import { describe, expect, it } from "vitest";
import {
  execLine,
  execWord,
  quoteEnvironment,
  raw,
  renderUnit,
  unitValue,
} from "../../../src/os/render/systemd-syntax.js";

describe("systemd unit syntax", () => {
  it("escapes Exec words: quotes and backslashes escaped, % and $ doubled, raw parts kept", () => {
    expect(execWord(`a "b" \\ $HOME 50%`)).toBe(`"a \\"b\\" \\\\ $$HOME 50%%"`);
    expect(execWord("/x", raw("/%i"))).toBe(`"/x/%i"`);
    expect(execLine(["/bin/echo", ["/var/lib/", raw("%i")], "$x"])).toBe(`"/bin/echo" "/var/lib/%i" "$$x"`);
    expect(() => execWord("a\nb")).toThrow(/control character/);
  });

  it("takes verbatim values with % doubled, and refuses what systemd would read otherwise", () => {
    expect(unitValue("MicroVM 100%")).toBe("MicroVM 100%%");
    expect(() => unitValue(" x")).toThrow(/white space/);
    expect(() => unitValue("a\\b")).toThrow(/backslash/);
    expect(() => unitValue("a\nExecStart=/bin/evil")).toThrow(/control character/);
  });

  it("writes Environment= words with C escapes for control characters", () => {
    expect(quoteEnvironment('A=1 "2" 3%\n\t\x01')).toBe('"A=1 \\"2\\" 3%%\\n\\t\\x01"');
    expect(() => quoteEnvironment("A=\0")).toThrow(/NUL/);
  });

  it("renders sections in order and leaves out empty ones", () => {
    expect(
      renderUnit([
        ["Unit", [["Description", "x"]]],
        ["Install", []],
        ["Service", [["RemainAfterExit", true]]],
      ]),
    ).toBe("[Unit]\nDescription=x\n\n[Service]\nRemainAfterExit=true\n");
  });
});
