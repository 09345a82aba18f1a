// Zone names only, through the platform's Intl (Node and the browser know the IANA zones); the
// zone arithmetic itself is @internationalized/date's (director/schedule/zoned-time.ts).

/** Why `zone` is not an IANA time zone this runtime knows ("Europe/Berlin"), or null. */
export function timeZoneProblem(zone: string): string | null {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return null;
  } catch {
    return `"${zone}" is not a time zone: give an IANA name such as Europe/Berlin or America/New_York, or leave it empty for this computer's`;
  }
}

/** Every IANA time zone this runtime knows, for a picker. */
export function knownTimeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}
