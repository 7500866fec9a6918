import { CompliancePolicyView, PutCompliancePolicyBody } from '@chargeplane/contracts-api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, newIdempotencyKey, request } from '../api/client.js';
import { api } from '../api/queries.js';
import type { Session } from '../api/session.js';
import { Field } from './field.js';
import { PlatformDelaysList } from './platform-delays-list.js';

interface Settings {
  mode: 'device' | 'platform';
  maxDelaySeconds: string;
  dsrAgreement: boolean;
  dsrResponseActive: boolean;
  offPeakEnabled: boolean;
}

const fieldOf = (path: string) =>
  path.endsWith('maxDelaySeconds') ? 'maxDelaySeconds' : path.endsWith('mode') ? 'mode' : '_form';

/** GB compliance: status with its reasons, and the settings form (validated with the API's schema). */
export function CompliancePanel({ session, chargerId }: { session: Session; chargerId: string }) {
  const queries = useQueryClient();
  const policy = useQuery({
    queryKey: ['compliance', chargerId],
    queryFn: () => api(session.key).compliance(chargerId),
  });
  const [settings, setSettings] = useState<Settings | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    const p = policy.data;
    if (p && !settings)
      setSettings({
        mode: p.randomisedDelay.mode,
        maxDelaySeconds: String(p.randomisedDelay.maxDelaySeconds),
        dsrAgreement: p.dsrAgreement,
        dsrResponseActive: p.dsrResponseActive,
        offPeakEnabled: p.offPeakDefault.enabled,
      });
  }, [policy.data, settings]);
  if (policy.isError)
    return (
      <section className="panel" aria-labelledby="compliance-title">
        <h2 id="compliance-title">GB compliance</h2>
        <p>{policy.error instanceof ApiError ? policy.error.message : String(policy.error)}</p>
      </section>
    );
  const p = policy.data;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!settings || !p) return;
    setSaved(false);
    const body = PutCompliancePolicyBody.safeParse({
      jurisdiction: 'GB',
      randomisedDelay: { mode: settings.mode, maxDelaySeconds: Number(settings.maxDelaySeconds) },
      ownerOverride: p.ownerOverride
        ? { scope: p.ownerOverride.scope, requestedBy: p.ownerOverride.requestedBy }
        : null,
      dsrAgreement: settings.dsrAgreement,
      dsrResponseActive: settings.dsrResponseActive,
      // The owner's own off-peak choice is theirs to change (left out: kept as it is).
      offPeakDefault: { enabled: settings.offPeakEnabled },
    });
    if (!body.success)
      return setErrors(Object.fromEntries(body.error.issues.map((i) => [fieldOf(i.path.join('.')), i.message])));
    try {
      const view = await request(session.key, `/v1/chargers/${encodeURIComponent(chargerId)}/compliance`, {
        method: 'PUT',
        body: body.data,
        headers: { 'if-match': `W/"${p.version}"`, 'idempotency-key': newIdempotencyKey() },
        schema: CompliancePolicyView,
      });
      queries.setQueryData(['compliance', chargerId], view);
      setErrors({});
      setSaved(true);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const issues = (error.body.details['issues'] ?? []) as { path: string; message: string }[];
      setErrors(
        issues.length
          ? Object.fromEntries(issues.map((i) => [fieldOf(i.path), i.message]))
          : { _form: `${error.body.code}: ${error.message}` },
      );
    }
  };
  return (
    <section className="panel" aria-labelledby="compliance-title">
      <h2 id="compliance-title">GB compliance</h2>
      {p ? (
        <>
          <p>
            Status:{' '}
            <span className={p.status === 'compliant' ? 'badge ok' : 'badge warn'} data-testid="compliance-status">
              {p.status}
            </span>{' '}
            · delay applied by {p.platformDelayActive ? 'the platform' : 'the device'}
            {p.deviceDelay.reportedValue !== null ? ` (device reports ${p.deviceDelay.reportedValue} s)` : ''} ·{' '}
            <span data-testid="compliance-max-delay">maximum delay {p.randomisedDelay.maxDelaySeconds} s</span>
          </p>
          {p.reasons.length ? (
            <ul aria-label="Compliance reasons">
              {p.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : null}
          <PlatformDelaysList delays={p.platformDelays} platformDelayActive={p.platformDelayActive} />
        </>
      ) : (
        <p>Loading…</p>
      )}
      {settings ? (
        <form className="grid" onSubmit={submit} noValidate aria-label="Compliance settings">
          <Field id="gb-mode" label="Randomised delay applied by" error={errors['mode']}>
            {(a) => (
              <select
                {...a}
                value={settings.mode}
                onChange={(e) => setSettings({ ...settings, mode: e.target.value as Settings['mode'] })}
              >
                <option value="device">device</option>
                <option value="platform">platform</option>
              </select>
            )}
          </Field>
          <Field id="gb-max-delay" label="Maximum delay (s, 1–1800)" error={errors['maxDelaySeconds']}>
            {(a) => (
              <input
                {...a}
                inputMode="numeric"
                value={settings.maxDelaySeconds}
                onChange={(e) => setSettings({ ...settings, maxDelaySeconds: e.target.value })}
              />
            )}
          </Field>
          {(
            [
              ['dsrAgreement', 'DSR agreement'],
              ['dsrResponseActive', 'DSR response active now'],
              ['offPeakEnabled', 'Off-peak default profile'],
            ] as const
          ).map(([name, label]) => (
            <label key={name} className="check">
              <input
                type="checkbox"
                checked={settings[name]}
                onChange={(e) => setSettings({ ...settings, [name]: e.target.checked })}
              />{' '}
              {label}
            </label>
          ))}
          {errors['_form'] ? (
            <p className="error" role="alert">
              {errors['_form']}
            </p>
          ) : null}
          <button type="submit">Save compliance settings</button>
          {saved ? <p role="status">Saved.</p> : null}
        </form>
      ) : null}
    </section>
  );
}
