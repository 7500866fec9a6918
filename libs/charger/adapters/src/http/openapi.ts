import { apiRoutes, buildOpenApiDocument } from '@chargeplane/contracts-api';

/** The OpenAPI 3.1 document of profile-command, generated from the route table the controllers validate with. */
export function openApiDocument(): Record<string, unknown> {
  return buildOpenApiDocument(apiRoutes, {
    title: 'Chargeplane profile-command API',
    version: '1.0.0',
    description: 'Every route takes `Authorization: Bearer <key>` unless marked public. The UI is at /docs/ui.',
  });
}
