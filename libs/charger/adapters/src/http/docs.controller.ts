import { Controller, Get } from '@nestjs/common';
import { Access } from './api-key.guard.js';
import { openApiDocument } from './openapi.js';

/** `/docs`: the OpenAPI document generated from the zod contracts. */
@Controller('docs')
@Access('public')
export class DocsController {
  private readonly document = openApiDocument();

  @Get()
  docs() {
    return this.document;
  }
}
