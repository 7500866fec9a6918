import { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { PutChargingProfileAnswer, type Twin } from '@chargeplane/contracts-api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, newIdempotencyKey, request } from '../api/client.js';
import { api } from '../api/queries.js';
import type { Session } from '../api/session.js';
import { followTwinStream, parseChange } from '../api/twin-stream.js';
import { hrefOf } from '../api/use-route.js';
import { BudgetTimelineView } from '../components/budget-timeline-view.js';
import { CompliancePanel } from '../components/compliance-panel.js';
import { DriftCheck } from '../components/drift-check.js';
import { EventsHistory } from '../components/events-history.js';
import { ProfileForm } from '../components/profile-form.js';
import { ProfilesTable } from '../components/profiles-table.js';
import { ScheduleChart } from '../components/schedule-chart.js';
import { fieldErrorsOfApi } from '../logic/api-errors.js';
import { budgetTimeline } from '../logic/budget-timeline.js';
import { compositeSeries } from '../logic/composite-series.js';
import { minuteNow } from '../logic/time.js';
import { emptyProfileForm, profileToForm, type ProfileFormValues } from '../logic/profile-form.js';

const path = (chargerId: string, rest = '') => `/v1/chargers/${encodeURIComponent(chargerId)}${rest}`;

/** One charger: what it is, its slots and write budget, its profiles and expected schedule, history and compliance. */
export function ChargerPage({ session, chargerId }: { session: Session; chargerId: string }) {
  const client = api(session.key);
  const queries = useQueryClient();
  const twin = useQuery({ queryKey: ['twin', chargerId], queryFn: () => client.twin(chargerId) });
  const [now, setNow] = useState(() => Date.now());
  const [hours, setHours] = useState(24);
  const [connectorId, setConnectorId] = useState(1);
  const [editing, setEditing] = useState<{ key: number; values: ProfileFormValues } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    const stop = followTwinStream({
      key: session.key,
      chargerId,
      onBatch: (changes) => {
        const raw = changes.get(chargerId);
        if (!raw) return;
        queries.setQueryData<Twin>(['twin', chargerId], (t) =>
          t && t.version >= raw.version ? t : parseChange(raw).twin,
        );
        void queries.invalidateQueries({ queryKey: ['budget-events', chargerId] });
        // A profile desired anew may carry new platform draws (GB): GET …/compliance lists them.
        void queries.invalidateQueries({ queryKey: ['compliance', chargerId] });
        setNow(Date.now());
      },
    });
    return () => {
      clearInterval(tick);
      stop();
    };
  }, [session.key, chargerId, queries]);

  const t = twin.data;
  const budgetEvents = useQuery({
    queryKey: ['budget-events', chargerId, t?.version],
    enabled: !!t?.writeBudget,
    queryFn: () => client.events(chargerId, Math.max(1, t!.version - 499), 500),
  });
  const compliance = useQuery({
    queryKey: ['compliance', chargerId],
    queryFn: () => client.compliance(chargerId),
    enabled: t?.jurisdiction === 'GB',
    // Status moves with time (a grace ends) and draws follow the charger stream: looked at again now and then.
    refetchInterval: 20_000,
  });
  const series = useMemo(() => {
    if (!t) return null;
    const policy = compliance.data;
    const choice = policy?.offPeakDefault.ownerChoice;
    return compositeSeries({
      twin: t,
      connectorId,
      nowMs: now,
      hours,
      ...(choice?.choice === 'change' && choice.blockedWindows ? { blockedWindows: choice.blockedWindows } : {}),
      ...(policy ? { compliance: policy } : {}),
    });
  }, [t, connectorId, now, hours, compliance.data]);

  const remove = async (id: number) => {
    try {
      const answer = await request(session.key, path(chargerId, `/charging-profiles/${id}`), {
        method: 'DELETE',
        headers: { 'idempotency-key': newIdempotencyKey() },
        schema: PutChargingProfileAnswer,
      });
      setNotice(`Removal of profile ${id}: ${answer.status}`);
    } catch (error) {
      setNotice(error instanceof ApiError ? `${error.body.code}: ${error.message}` : String(error));
    }
    void queries.invalidateQueries({ queryKey: ['twin', chargerId] });
  };

  if (twin.isError)
    return (
      <p className="error" role="alert">
        {twin.error instanceof ApiError && twin.error.status === 404 ? `No charger ${chargerId}.` : String(twin.error)}{' '}
        <a href={hrefOf({ page: 'fleet' })}>Back to the fleet</a>
      </p>
    );
  if (!t) return <p>Loading {chargerId}…</p>;
  const connectors = [...new Set([1, ...t.profiles.map((p) => p.connectorId).filter((c) => c > 0)])];
  return (
    <article aria-labelledby="charger-title">
      <p>
        <a href={hrefOf({ page: 'fleet' })}>← Fleet</a>
      </p>
      <h1 id="charger-title">Charger {t.chargerId}</h1>
      <dl className="facts">
        {(
          [
            ['Model', t.model],
            ['Vendor', t.vendor ?? 'unknown'],
            ['Firmware', t.firmwareVersion ?? 'unknown'],
            ['Commercial mode', t.commercialMode === null ? 'unknown' : t.commercialMode ? 'on' : 'off'],
            ['Connection', t.connected ? 'connected' : 'offline'],
            ['Last seen', t.lastSeenAt ? new Date(t.lastSeenAt).toLocaleString() : 'never'],
            ['Jurisdiction', t.jurisdiction ?? 'none'],
            ['Tags', t.tags.join(', ') || 'none'],
          ] as const
        ).map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd data-testid={`fact-${label}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <section className="panel row" aria-label="Slots and write budget">
        <div className="slots">
          <label htmlFor="slots-gauge">
            Profile slots: {t.slots.used} / {t.slots.max ?? 'no limit'}
          </label>
          <meter id="slots-gauge" min={0} max={t.slots.max ?? Math.max(1, t.slots.used)} value={t.slots.used} />
        </div>
        {t.writeBudget && budgetEvents.data ? (
          <BudgetTimelineView timeline={budgetTimeline(t.writeBudget, budgetEvents.data.items, now)} />
        ) : (
          <p>{t.writeBudget ? 'Loading write budget…' : 'This charger has no write budget.'}</p>
        )}
      </section>
      <section className="panel" aria-labelledby="schedule-title">
        <h2 id="schedule-title">Expected schedule</h2>
        <form className="inline" aria-label="Schedule options" onSubmit={(e) => e.preventDefault()}>
          <label>
            Connector{' '}
            <select value={connectorId} onChange={(e) => setConnectorId(Number(e.target.value))}>
              {connectors.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <label>
            Hours{' '}
            <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
              <option>24</option>
              <option>48</option>
            </select>
          </label>
        </form>
        {series ? <ScheduleChart series={series} /> : null}
      </section>
      <section className="panel" aria-labelledby="profiles-title">
        <h2 id="profiles-title">Profiles</h2>
        {notice ? <p role="status">{notice}</p> : null}
        <ProfilesTable
          twin={t}
          onEdit={(p) => {
            const parsed = ChargingProfile.safeParse(p.desired);
            if (parsed.success) setEditing({ key: Date.now(), values: profileToForm(p.connectorId, parsed.data) });
          }}
          onDelete={(p) => void remove(p.chargingProfileId)}
        />
        <button type="button" onClick={() => setEditing({ key: Date.now(), values: emptyProfileForm(minuteNow()) })}>
          New profile
        </button>
        {editing ? (
          <ProfileForm
            key={editing.key}
            idPrefix="profile"
            initial={editing.values}
            submitLabel="Send profile"
            onSubmit={async ({ chargingProfileId, body }) => {
              try {
                const answer = await request(session.key, path(chargerId, `/charging-profiles/${chargingProfileId}`), {
                  method: 'PUT',
                  body,
                  headers: { 'idempotency-key': newIdempotencyKey() },
                  schema: PutChargingProfileAnswer,
                });
                setNotice(`Profile ${chargingProfileId}: ${answer.status}`);
                setEditing(null);
                void queries.invalidateQueries({ queryKey: ['twin', chargerId] });
                return null;
              } catch (error) {
                if (error instanceof ApiError) return fieldErrorsOfApi(error.status, error.body);
                throw error;
              }
            }}
          />
        ) : null}
      </section>
      <DriftCheck session={session} chargerId={chargerId} />
      {t.jurisdiction === 'GB' ? <CompliancePanel session={session} chargerId={chargerId} /> : null}
      <EventsHistory session={session} chargerId={chargerId} latest={t.version} />
    </article>
  );
}
