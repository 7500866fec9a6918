// deploy/compose.yaml's start order: every long-running service has a healthcheck, and every dependency waits for a
// healthy service (or a one-shot that finished), never for a container that merely started. Pure.

const WAITS = new Set(['service_healthy', 'service_completed_successfully']);

/** @param compose deploy/compose.yaml parsed with YAML merge keys resolved */
export function composeViolations(compose) {
  const problems = [];
  const services = compose?.services ?? {};
  for (const [name, service] of Object.entries(services)) {
    const oneShot = service.restart === 'no';
    if (!oneShot && !service.healthcheck?.test) problems.push(`compose ${name}: no healthcheck`);
    const dependsOn = service.depends_on ?? {};
    if (Array.isArray(dependsOn)) {
      problems.push(`compose ${name}: depends_on as a list only waits for the start; name a condition for each`);
      continue;
    }
    for (const [dependency, { condition } = {}] of Object.entries(dependsOn)) {
      if (!(dependency in services)) problems.push(`compose ${name}: depends on unknown service ${dependency}`);
      else if (!WAITS.has(condition)) {
        problems.push(`compose ${name}: waits for ${dependency} with "${condition}", not service_healthy`);
      } else if (condition === 'service_healthy' && !services[dependency].healthcheck?.test) {
        problems.push(`compose ${name}: waits for ${dependency} to be healthy, which has no healthcheck`);
      }
    }
    const runsApp = JSON.stringify(service.command ?? '').includes('dist/apps/');
    if (runsApp && dependsOn.provision?.condition !== 'service_completed_successfully') {
      problems.push(`compose ${name}: must start after provision completed`);
    }
  }
  return problems;
}
