import { CreateTenantAnswer, CreateTenantBody, TenantList } from '@chargeplane/contracts-api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, request } from '../api/client.js';
import type { Session } from '../api/session.js';

/** The operator's view (admin key): the tenants, and a form that creates one and shows its key once. */
export function AdminPage({ session }: { session: Session }) {
  const queries = useQueryClient();
  const tenants = useQuery({
    queryKey: ['tenants'],
    queryFn: () => request(session.key, '/v1/tenants', { schema: TenantList }),
  });
  const [name, setName] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: { name: string }) =>
      request(session.key, '/v1/tenants', { method: 'POST', body, schema: CreateTenantAnswer }),
    onSuccess: () => {
      setName('');
      void queries.invalidateQueries({ queryKey: ['tenants'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = CreateTenantBody.safeParse({ name: name.trim() });
    if (!parsed.success) return setFieldError(parsed.error.issues[0]?.message ?? 'invalid name');
    setFieldError(null);
    create.mutate(parsed.data);
  };
  const created = create.data;
  return (
    <section aria-labelledby="tenants-title">
      <h1 id="tenants-title">Tenants</h1>
      <form className="inline" onSubmit={submit} noValidate>
        <label htmlFor="tenant-name">New tenant name</label>
        <input
          id="tenant-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? 'tenant-name-error' : undefined}
        />
        <button type="submit" disabled={create.isPending}>
          Create tenant
        </button>
        {fieldError ? (
          <p id="tenant-name-error" className="error" role="alert">
            {fieldError}
          </p>
        ) : null}
      </form>
      {create.error ? (
        <p className="error" role="alert">
          {create.error instanceof ApiError
            ? `${create.error.body.code}: ${create.error.message}`
            : String(create.error)}
        </p>
      ) : null}
      {created ? (
        <div className="notice" role="status">
          <p>
            Tenant <code>{created.tenantId}</code> created. Its API key is shown <strong>this once</strong>; copy it
            now:
          </p>
          <p>
            <code data-testid="new-api-key" className="secret">
              {created.apiKey}
            </code>
          </p>
        </div>
      ) : null}
      {tenants.isError ? <p className="error">Could not list tenants: {String(tenants.error)}</p> : null}
      <table>
        <caption>{tenants.data ? `${tenants.data.items.length} tenants` : 'Loading tenants…'}</caption>
        <thead>
          <tr>
            <th scope="col">Tenant id</th>
            <th scope="col">Name</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {tenants.data?.items.map((t) => (
            <tr key={t.tenantId}>
              <td>
                <code>{t.tenantId}</code>
              </td>
              <td>{t.name}</td>
              <td>{new Date(t.createdAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
