import type { PlatformDelayView } from '@chargeplane/contracts-api';

const every = (seconds: number) =>
  seconds === 86_400 ? 'every day' : seconds === 604_800 ? 'every week' : `every ${seconds} s`;
const utc = (iso: string | null) =>
  iso === null ? 'from the transaction start' : `${iso.slice(0, 19).replace('T', ' ')} UTC`;

/**
 * The random delays the platform drew for the profiles the charger is asked to hold (GET …/compliance's
 * `platformDelays`), one row per boundary still ahead, with the exact delay recorded in the audit trail.
 */
export function PlatformDelaysList({
  delays,
  platformDelayActive,
}: {
  delays: readonly PlatformDelayView[];
  platformDelayActive: boolean;
}) {
  if (delays.length === 0)
    return (
      <p data-testid="platform-delays-none">
        {platformDelayActive
          ? 'Random delays drawn by the platform: none ahead (no desired profile has a boundary to delay).'
          : 'Random delays: applied by the charger itself at each change (device mode), not known ahead.'}
      </p>
    );
  return (
    <table data-testid="platform-delays">
      <caption>Random delays drawn by the platform (boundaries ahead)</caption>
      <thead>
        <tr>
          <th scope="col">Profile</th>
          <th scope="col">Change</th>
          <th scope="col">Set for</th>
          <th scope="col">Moved to</th>
          <th scope="col">Delay</th>
          <th scope="col">Drawn</th>
        </tr>
      </thead>
      <tbody>
        {delays.flatMap((d) =>
          d.boundaries.map((b) => (
            <tr
              key={`${d.chargingProfileId}-${b.nominalStartPeriod}-${b.change}-${b.atWrite}`}
              data-testid={`platform-delay-${d.chargingProfileId}`}
            >
              <td>
                {d.chargingProfileId} (connector {d.connectorId})
              </td>
              <td>{b.atWrite ? `${b.change} at the write` : b.change}</td>
              <td>{utc(b.nominalAt)}</td>
              <td>{utc(b.delayedAt)}</td>
              <td data-testid="platform-delay-seconds">+{b.delaySeconds} s</td>
              <td>
                0–{b.boundSeconds} s, maximum {d.maxDelaySeconds} s
                {d.repeatsEverySeconds !== null && !b.atWrite
                  ? `; ${every(d.repeatsEverySeconds)} until the re-draw${d.redrawAt ? ` at ${utc(d.redrawAt)}` : ''}`
                  : ''}
              </td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
