// Firmware ordering for the zappi gate. Versions are compared part by part, each dot-separated part as a
// whole number: 5.5.1 ≥ 5.5, 5.4.9 < 5.5, and 5.114 ≥ 5.5 (114 > 5; NOT a decimal fraction 5.114 < 5.5).
// Missing parts count as 0 (5.5 = 5.5.0). A leading "V"/"v" is ignored ("V5.114"). A part that does not
// start with digits makes the version unreadable, and an unreadable version never satisfies a minimum.

export function parseFirmwareVersion(version: string): number[] | null {
  const trimmed = version.trim().replace(/^v/i, '');
  if (trimmed === '') return null;
  const parts: number[] = [];
  for (const part of trimmed.split('.')) {
    const digits = /^(\d+)/.exec(part);
    if (!digits?.[1]) return null;
    parts.push(Number(digits[1]));
  }
  return parts;
}

/** -1, 0 or 1 as a is below, equal to or above b; null when either is unreadable. */
export function compareFirmwareVersions(a: string, b: string): -1 | 0 | 1 | null {
  const pa = parseFirmwareVersion(a);
  const pb = parseFirmwareVersion(b);
  if (!pa || !pb) return null;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function firmwareAtLeast(version: string, minimum: string): boolean {
  const c = compareFirmwareVersions(version, minimum);
  return c !== null && c >= 0;
}
