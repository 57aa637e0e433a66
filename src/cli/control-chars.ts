/**
 * Control characters made visible: text that reaches a terminal or a generated file
 * (names from a project, messages quoting them) shows `\u001b` instead of sending an
 * escape sequence, and a newline in a name cannot start a line of its own.
 */

/** C0 controls (all, or all but newline and tab), DEL, C1 controls and the Unicode line separators. */
const ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

const visible = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** `text` with every control character written as `\uXXXX` (newlines and tabs too). */
export function escapeControls(text: string): string {
  return text.replace(ALL, visible);
}

/** `text` with control characters written as `\uXXXX`, keeping its newlines and tabs (for multi-line reports). */
export function escapeControlsKeepingLines(text: string): string {
  return text.replace(BUT_LAYOUT, visible);
}
