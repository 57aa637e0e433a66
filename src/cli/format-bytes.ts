/** Byte counts for people: `512 B`, `3.4 KiB`, `12.0 MiB`, `1.2 GiB`. */

/** A byte count in binary units with one decimal (whole bytes below 1 KiB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
