import { CreateAssignmentAnswer, CreateAssignmentBody } from '@chargeplane/contracts-api';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, newIdempotencyKey, request } from '../api/client.js';
import { api } from '../api/queries.js';
import type { Session } from '../api/session.js';
import { fieldErrorsOfApi } from '../logic/api-errors.js';
import { minuteNow } from '../logic/time.js';
import { emptyProfileForm } from '../logic/profile-form.js';
import { ProfileForm } from './profile-form.js';

/** One profile to many chargers (a tag or the selected rows), with a progress bar fed by the assignment's progress. */
export function BulkAssignment({
  session,
  selected,
  defaultTag,
}: {
  session: Session;
  selected: string[];
  defaultTag: string;
}) {
  const [target, setTarget] = useState<'tag' | 'selection'>('tag');
  const [tag, setTag] = useState(defaultTag);
  const [assignment, setAssignment] = useState<{ assignmentId: string; total: number } | null>(null);
  const progress = useQuery({
    queryKey: ['assignment', assignment?.assignmentId],
    queryFn: () => api(session.key).assignment(assignment!.assignmentId),
    enabled: assignment !== null,
    refetchInterval: (q) => (q.state.data && q.state.data.completed >= q.state.data.total ? false : 1000),
  });
  const p = progress.data;
  const percent = p ? Math.floor((100 * p.completed) / Math.max(1, p.total)) : 0;
  return (
    <section className="panel" aria-labelledby="bulk-title">
      <h2 id="bulk-title">Bulk assignment</h2>
      <fieldset>
        <legend>Assign to</legend>
        <label>
          <input type="radio" name="target" checked={target === 'tag'} onChange={() => setTarget('tag')} /> every
          charger with tag
        </label>
        <label htmlFor="bulk-tag" className="sr-only">
          Tag to assign to
        </label>
        <input id="bulk-tag" value={tag} onChange={(e) => setTag(e.target.value)} disabled={target !== 'tag'} />
        <label>
          <input type="radio" name="target" checked={target === 'selection'} onChange={() => setTarget('selection')} />{' '}
          the {selected.length} selected chargers
        </label>
      </fieldset>
      <ProfileForm
        idPrefix="bulk"
        initial={emptyProfileForm(minuteNow())}
        submitLabel="Assign profile"
        onSubmit={async ({ body }) => {
          const candidate = {
            ...body,
            ...(target === 'tag'
              ? { tag: tag.trim() || undefined }
              : { chargerIds: selected.length ? selected : undefined }),
          };
          const checked = CreateAssignmentBody.safeParse(candidate);
          if (!checked.success)
            return {
              _form: target === 'tag' ? 'give a tag to assign to' : 'select at least one charger in the table above',
            };
          try {
            setAssignment(
              await request(session.key, '/v1/charging-profile-assignments', {
                method: 'POST',
                body: checked.data,
                headers: { 'idempotency-key': newIdempotencyKey() },
                schema: CreateAssignmentAnswer,
              }),
            );
            return null;
          } catch (error) {
            if (error instanceof ApiError) return fieldErrorsOfApi(error.status, error.body);
            throw error;
          }
        }}
      />
      {assignment ? (
        <div className="progress" data-testid="assignment-progress">
          <label htmlFor="assignment-bar">
            Assignment {assignment.assignmentId}: {p ? `${p.completed} of ${p.total}` : 'starting'} ({percent} %)
          </label>
          <progress id="assignment-bar" max={100} value={percent} aria-valuetext={`${percent} %`} />
          {p ? (
            <p>
              {Object.entries(p.byStatus)
                .map(([status, n]) => `${status}: ${n}`)
                .join(' · ')}
            </p>
          ) : null}
          {p?.problems.length ? (
            <ul aria-label="Chargers that could not take the profile">
              {p.problems.slice(0, 20).map((x) => (
                <li key={x.chargerId}>
                  {x.chargerId}: {x.status}
                  {x.code ? ` (${x.code})` : ''}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
