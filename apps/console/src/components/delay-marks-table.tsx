import { describeMark, type ShiftedBoundary } from '../logic/delay-marks.js';

/** The schedule table's rows for the boundaries the GB random delay moved: when, by how much, and whose draw. */
export function DelayMarksTable({ marks }: { marks: readonly ShiftedBoundary[] }) {
  if (marks.length === 0) return null;
  return (
    <tbody data-testid="delay-marks">
      <tr>
        <th scope="rowgroup" colSpan={2}>
          Boundaries moved by the GB random delay
        </th>
      </tr>
      {marks.map((m) => (
        <tr key={`${m.source}-${m.atMs}-${m.chargingProfileId ?? ''}`} data-source={m.source}>
          <td>{new Date(m.atMs).toISOString().slice(0, 19).replace('T', ' ')}</td>
          <td>{describeMark(m)}</td>
        </tr>
      ))}
    </tbody>
  );
}
