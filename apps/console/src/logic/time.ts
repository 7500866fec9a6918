/** The browser's now, to the minute, as an ISO instant (a new profile's default schedule start). */
export const minuteNow = (): string => new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
