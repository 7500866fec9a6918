import type { PutChargingProfileBody } from '@chargeplane/contracts-api';
import { useState, type FormEvent } from 'react';
import {
  errorsOfIssues,
  formToBody,
  profileToForm,
  validateProfileForm,
  type FieldErrors,
  type ProfileFormValues,
} from '../logic/profile-form.js';
import { PutChargingProfileBody as BodySchema } from '@chargeplane/contracts-api';
import { Field } from './field.js';

export interface ValidProfile {
  chargingProfileId: number;
  body: PutChargingProfileBody;
}

type Top = Exclude<keyof ProfileFormValues, 'periods'>;
const texts: [Top, string, string?][] = [
  ['chargingProfileId', 'Profile id', 'number'],
  ['connectorId', 'Connector (0: whole charger)', 'number'],
  ['stackLevel', 'Stack level', 'number'],
  ['startSchedule', 'Schedule start (ISO time)'],
  ['duration', 'Duration (s)', 'number'],
  ['validFrom', 'Valid from (ISO time)'],
  ['validTo', 'Valid to (ISO time)'],
  ['transactionId', 'Transaction id', 'number'],
];
const choices: [Top, string, string[]][] = [
  ['purpose', 'Purpose', ['TxDefaultProfile', 'TxProfile', 'ChargePointMaxProfile']],
  ['kind', 'Kind', ['Absolute', 'Recurring', 'Relative']],
  ['recurrencyKind', 'Recurrency', ['', 'Daily', 'Weekly']],
  ['unit', 'Rate unit', ['A', 'W']],
];

/**
 * A charging profile as a form or as JSON, validated in the browser with the API's own zod schema before anything
 * is sent; the errors `onSubmit` returns (a 422 from the API) are shown at their fields too.
 */
export function ProfileForm({
  idPrefix,
  initial,
  submitLabel,
  onSubmit,
}: {
  idPrefix: string;
  initial: ProfileFormValues;
  submitLabel: string;
  onSubmit: (profile: ValidProfile) => Promise<FieldErrors | null>;
}) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [view, setView] = useState<'form' | 'json'>('form');
  const [json, setJson] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ProfileFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const setPeriod = (i: number, patch: Partial<ProfileFormValues['periods'][number]>) =>
    set({ periods: values.periods.map((p, j) => (i === j ? { ...p, ...patch } : p)) });

  const toJson = () => {
    const { body } = formToBody(values);
    setJson(JSON.stringify(body, null, 2));
    setView('json');
  };
  /** JSON back into the form: parsed with the API's schema; its issues show at the fields. */
  const fromJson = (): ProfileFormValues | null => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      setErrors({ json: `not JSON: ${(e as Error).message}` });
      return null;
    }
    const checked = BodySchema.safeParse(parsed);
    if (!checked.success) {
      setErrors({ ...errorsOfIssues(checked.error.issues), json: 'the JSON breaks the API schema (see the fields)' });
      return null;
    }
    const next = profileToForm(checked.data.connectorId, checked.data.chargingProfile);
    setValues(next);
    return next;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const current = view === 'json' ? fromJson() : values;
    if (!current) return;
    const result = validateProfileForm(current);
    if (!result.ok) {
      setErrors(result.errors);
      if (view === 'json') setView('form');
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const serverErrors = await onSubmit({ chargingProfileId: result.chargingProfileId, body: result.body });
      if (serverErrors) {
        setErrors(serverErrors);
        setView('form');
      }
    } finally {
      setBusy(false);
    }
  };

  const id = (field: string) => `${idPrefix}-${field.replace(/\./g, '-')}`;
  return (
    <form className="profile-form" onSubmit={submit} noValidate aria-label={submitLabel}>
      <div role="tablist" aria-label="Profile view" className="tabs">
        <button
          type="button"
          role="tab"
          aria-selected={view === 'form'}
          onClick={() => view === 'json' && fromJson() && setView('form')}
        >
          Form
        </button>
        <button type="button" role="tab" aria-selected={view === 'json'} onClick={toJson}>
          JSON
        </button>
      </div>
      {errors['_form'] ? (
        <p className="error" role="alert" data-testid={`${idPrefix}-form-error`}>
          {errors['_form']}
        </p>
      ) : null}
      {view === 'json' ? (
        <Field id={id('json')} label="Request body (JSON)" error={errors['json']}>
          {(p) => (
            <textarea {...p} rows={16} value={json} onChange={(e) => setJson(e.target.value)} spellCheck={false} />
          )}
        </Field>
      ) : (
        <>
          <div className="grid">
            {texts.map(([name, label, type]) => (
              <Field key={name} id={id(name)} label={label} error={errors[name]}>
                {(p) => (
                  <input
                    {...p}
                    name={name}
                    inputMode={type === 'number' ? 'numeric' : undefined}
                    value={values[name]}
                    onChange={(e) => set({ [name]: e.target.value })}
                  />
                )}
              </Field>
            ))}
            {choices.map(([name, label, options]) => (
              <Field key={name} id={id(name)} label={label} error={errors[name]}>
                {(p) => (
                  <select {...p} name={name} value={values[name]} onChange={(e) => set({ [name]: e.target.value })}>
                    {options.map((o) => (
                      <option key={o} value={o}>
                        {o || '(none)'}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
          </div>
          <fieldset aria-describedby={errors['periods'] ? id('periods-error') : undefined}>
            <legend>Schedule periods</legend>
            {errors['periods'] ? (
              <p id={id('periods-error')} className="error" data-testid={`${id('periods')}-error`}>
                {errors['periods']}
              </p>
            ) : null}
            {values.periods.map((period, i) => (
              <div className="period" key={i}>
                <Field
                  id={id(`periods.${i}.startPeriod`)}
                  label={`Period ${i + 1} start (s)`}
                  error={errors[`periods.${i}.startPeriod`]}
                >
                  {(p) => (
                    <input
                      {...p}
                      inputMode="numeric"
                      value={period.startPeriod}
                      onChange={(e) => setPeriod(i, { startPeriod: e.target.value })}
                    />
                  )}
                </Field>
                <Field
                  id={id(`periods.${i}.limit`)}
                  label={`Period ${i + 1} limit`}
                  error={errors[`periods.${i}.limit`]}
                >
                  {(p) => (
                    <input
                      {...p}
                      inputMode="decimal"
                      value={period.limit}
                      onChange={(e) => setPeriod(i, { limit: e.target.value })}
                    />
                  )}
                </Field>
                <Field
                  id={id(`periods.${i}.numberPhases`)}
                  label={`Period ${i + 1} phases`}
                  error={errors[`periods.${i}.numberPhases`]}
                >
                  {(p) => (
                    <input
                      {...p}
                      inputMode="numeric"
                      value={period.numberPhases}
                      onChange={(e) => setPeriod(i, { numberPhases: e.target.value })}
                    />
                  )}
                </Field>
                <button
                  type="button"
                  disabled={values.periods.length < 2}
                  onClick={() => set({ periods: values.periods.filter((_, j) => j !== i) })}
                >
                  Remove period {i + 1}
                </button>
              </div>
            ))}
            <button
              type="button"
              onClick={() => set({ periods: [...values.periods, { startPeriod: '', limit: '', numberPhases: '' }] })}
            >
              Add period
            </button>
          </fieldset>
        </>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Sending…' : submitLabel}
      </button>
    </form>
  );
}
