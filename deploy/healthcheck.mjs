// Health probe for the image's services, where no curl or wget exists (node:24-slim): compose healthchecks and the
// Kubernetes exec probes of the services that bind their ops port to 127.0.0.1 run it inside the container.
//   node healthcheck.mjs <url> [--alive]
// Exit 0 when <url> answers 2xx; with --alive, when it answers at all (the process serves HTTP); 1 otherwise.
const [url = process.env.HEALTHCHECK_URL, mode] = process.argv.slice(2);
if (url === undefined) {
  console.error('usage: node healthcheck.mjs <url> [--alive]');
  process.exit(2);
}
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  process.exit(response.ok || mode === '--alive' ? 0 : 1);
} catch (error) {
  console.error(`healthcheck: ${url}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
