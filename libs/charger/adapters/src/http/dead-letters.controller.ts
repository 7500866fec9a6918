import { apiRoutes as routes } from '@chargeplane/contracts-api';
import { ZodPipe, type DeadLetterArchive } from '@chargeplane/platform-messaging';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { Access } from './api-key.guard.js';

export const DEAD_LETTERS = Symbol('DEAD_LETTERS');

/**
 * Dead letters (admin key; runbook "Dead letters"): list and inspect what could never be processed, and send it back
 * to its origin (a stream's subject, or the outbox) once the cause is fixed.
 */
@Controller('v1/dead-letters')
@Access('admin')
export class DeadLettersController {
  constructor(@Inject(DEAD_LETTERS) private readonly archive: DeadLetterArchive) {}

  @Get()
  list(@Query(new ZodPipe(routes.listDeadLetters.query)) query: z.infer<typeof routes.listDeadLetters.query>) {
    return this.archive.list(query);
  }

  @Post('replay')
  @HttpCode(200)
  async replayCharger(
    @Body(new ZodPipe(routes.replayChargerDeadLetters.body))
    body: z.infer<typeof routes.replayChargerDeadLetters.body>,
  ) {
    return { replayed: await this.archive.replayCharger(body.chargerId) };
  }

  @Get(':sequence')
  get(@Param(new ZodPipe(routes.getDeadLetter.params)) params: z.infer<typeof routes.getDeadLetter.params>) {
    return this.archive.get(params.sequence);
  }

  @Post(':sequence/replay')
  @HttpCode(200)
  replay(@Param(new ZodPipe(routes.replayDeadLetter.params)) params: z.infer<typeof routes.replayDeadLetter.params>) {
    return this.archive.replay(params.sequence);
  }
}
