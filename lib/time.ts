/**
 * Local wall-clock text ("YYYY-MM-DDTHH:mm") of instants in an IANA time zone. Make the
 * formatter once per zone: building an Intl.DateTimeFormat is the slow part.
 * Throws RangeError for a time zone the platform does not know.
 */
export function wallClockFormatter(timeZone: string): (epochMs: number) => string {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  return (epochMs) => {
    const part = Object.fromEntries(format.formatToParts(epochMs).map(({ type, value }) => [type, value]));
    return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}`;
  };
}

export function localWallClock(epochMs: number, timeZone: string): string {
  return wallClockFormatter(timeZone)(epochMs);
}
