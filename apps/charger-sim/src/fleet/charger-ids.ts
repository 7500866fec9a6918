// Fleet identities: `${prefix}${index}` with the index zero-padded to at least 4 digits (ZAPPI-0001 …),
// wider when the last index needs it, so ids sort the same way as numbers.

export function fleetChargerIds(prefix: string, startIndex: number, count: number): string[] {
  const last = startIndex + count - 1;
  const width = Math.max(4, String(last).length);
  return Array.from({ length: count }, (_, i) => `${prefix}${String(startIndex + i).padStart(width, '0')}`);
}

/** zappi's virtual OCPP tag (Z15) as the simulator makes one up: at most 20 characters (IdToken). */
export function virtualIdTag(chargerId: string): string {
  return `VT${chargerId.replace(/[^A-Za-z0-9]/g, '')}`.slice(-20);
}
