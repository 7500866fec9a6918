import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { apiRoutes as routes, NotFoundError } from '@chargeplane/contracts-api';
import { ZodPipe } from '@chargeplane/platform-messaging';
import { Controller, Get, Header, Headers, Inject, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { Access } from './api-key.guard.js';
import { CONSOLE_DIR } from './tokens.js';

const gzipped = promisify(gzip);

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** The built files worth compressing (images and fonts are compressed already). */
const textual = new Set(['.js', '.css', '.svg']);

/**
 * `/console`: the operator console's static build (apps/console, built by `npm run build`), served on the API's
 * own origin so the browser calls the API without CORS. The page is public; every call it makes needs a key.
 */
@Controller('console')
@Access('public')
export class ConsoleController {
  /** Files read once: the build does not change while the process runs (a new build comes with a restart). */
  private readonly files = new Map<string, Buffer>();
  /** The scripts and styles gzipped, once each: a third of their size on the wire for a browser that accepts it. */
  private readonly compressed = new Map<string, Promise<Buffer>>();

  constructor(@Inject(CONSOLE_DIR) private readonly dir: string) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  async page() {
    return this.read('index.html', 'the console is not built: run npm run build');
  }

  @Get('assets/:file')
  async asset(
    @Param(new ZodPipe(routes.consoleAsset.params)) { file }: z.infer<typeof routes.consoleAsset.params>,
    @Headers('accept-encoding') acceptEncoding: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const path = join('assets', file);
    const body = await this.read(path, `no console file ${file}`);
    const extension = file.slice(file.lastIndexOf('.'));
    const type = contentTypes[extension] ?? 'application/octet-stream';
    // Vite names each built file by its content hash: a name never changes content.
    void res
      .header('content-type', type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('vary', 'accept-encoding');
    if (!textual.has(extension) || !/\bgzip\b/.test(acceptEncoding ?? '')) return body;
    let packed = this.compressed.get(path);
    if (!packed) this.compressed.set(path, (packed = gzipped(body)));
    void res.header('content-encoding', 'gzip');
    return packed;
  }

  private async read(file: string, missing: string): Promise<Buffer> {
    const cached = this.files.get(file);
    if (cached) return cached;
    try {
      const body = await readFile(join(this.dir, file));
      this.files.set(file, body);
      return body;
    } catch {
      throw new NotFoundError(missing);
    }
  }
}
