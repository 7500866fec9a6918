// Offline schema check of rendered Kubernetes objects against the API's own OpenAPI schemas, as compiled validators
// in the kubernetes-models package (one module per apiVersion and kind). An object of a kind it has no schema for
// is a problem too: add the kind here knowingly, not by accident.

const modules = new Map();

async function modelOf(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!modules.has(key)) {
    modules.set(
      key,
      import(/* @vite-ignore */ `kubernetes-models/${apiVersion}/${kind}`).then(
        (module) => module[kind],
        () => undefined,
      ),
    );
  }
  return modules.get(key);
}

/**
 * kustomize's secretGenerator wraps base64 values at 70 columns; the API server's decoder skips line breaks, the
 * schema's "byte" format does not.
 */
function withoutLineBreaksInData(object) {
  if (object.kind !== 'Secret' || object.data === undefined || object.data === null) return object;
  const data = Object.fromEntries(
    Object.entries(object.data).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[\r\n]/g, '') : v]),
  );
  return { ...object, data };
}

/** One sentence per schema error, `Kind/name: /path message`. */
export async function schemaViolations(objects) {
  const problems = [];
  for (const object of objects) {
    const label = `${object?.kind ?? '?'}/${object?.metadata?.name ?? '?'}`;
    if (typeof object?.apiVersion !== 'string' || typeof object?.kind !== 'string') {
      problems.push(`${label}: no apiVersion or kind`);
      continue;
    }
    const Model = await modelOf(object.apiVersion, object.kind);
    if (Model === undefined) {
      problems.push(`${label}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new Model(withoutLineBreaksInData(object)).validate();
    } catch (error) {
      const errors = Array.isArray(error?.errors) ? error.errors : [{ instancePath: '', message: String(error) }];
      for (const e of errors) problems.push(`${label}: ${e.instancePath || '/'} ${e.message}`);
    }
  }
  return problems;
}
