import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { apiRoutes as routes, type DocsUiFile } from '@chargeplane/contracts-api';
import { ZodPipe } from '@chargeplane/platform-messaging';
import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { Access } from './api-key.guard.js';
import { openApiDocument } from './openapi.js';

/** Swagger UI's static files, from the installed package (same origin: no CDN). */
const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Chargeplane API</title>
    <link rel="stylesheet" href="/docs/ui/swagger-ui.css" />
    <link rel="stylesheet" href="/docs/ui/index.css" />
    <link rel="icon" type="image/png" href="/docs/ui/favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/ui/swagger-ui-bundle.js"></script>
    <script src="/docs/ui/swagger-ui-standalone-preset.js"></script>
    <script src="/docs/ui/swagger-initializer.js"></script>
  </body>
</html>
`;

/** Points the UI at this server's own document (the package's initializer points at a demo one). */
const initializer = `window.onload = () => {
  window.ui = SwaggerUIBundle({
    url: '/docs',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

const contentTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
};

function uiFile(file: DocsUiFile): { body: Buffer | string; contentType: string } {
  const contentType = contentTypes[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
  if (file === 'swagger-initializer.js') return { body: initializer, contentType };
  return { body: readFileSync(join(swaggerUiDir, file)), contentType };
}

/** `/docs`: the OpenAPI document generated from the route table; `/docs/ui`: Swagger UI over it. */
@Controller('docs')
@Access('public')
export class DocsController {
  private readonly document = openApiDocument();
  /** The files are read once, on first use: the package does not change while the process runs. */
  private readonly files = new Map<DocsUiFile, { body: Buffer | string; contentType: string }>();

  @Get()
  docs() {
    return this.document;
  }

  @Get('ui')
  @Header('content-type', 'text/html; charset=utf-8')
  ui() {
    return page;
  }

  @Get('ui/:file')
  file(
    @Param(new ZodPipe(routes.docsUiFile.params)) { file }: z.infer<typeof routes.docsUiFile.params>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    let found = this.files.get(file);
    if (!found) this.files.set(file, (found = uiFile(file)));
    void res.header('content-type', found.contentType).header('cache-control', 'public, max-age=3600');
    return found.body;
  }
}
