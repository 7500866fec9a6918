import { timingSafeEqual } from 'node:crypto';
import { PlatformError } from '@chargeplane/contracts-api';
import {
  createParamDecorator,
  Inject,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { ApiKeyTenants } from './api-key-tenants.js';
import { API_KEY_TENANTS, AUTH_CONFIG, type AuthConfig } from './tokens.js';

const ACCESS = 'chargeplane:access';
/** Marks a route as open (health, docs) or admin-only (tenant management). */
export const Access = (level: 'public' | 'admin') => SetMetadata(ACCESS, level);

type AuthedRequest = FastifyRequest & { tenantId?: string };

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** `Authorization: Bearer <key>`: a tenant's API key (scoped to that tenant) or, for admin routes, the admin key. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(API_KEY_TENANTS) private readonly apiKeys: ApiKeyTenants,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const level = this.reflector.getAllAndOverride<string | undefined>(ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (level === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new PlatformError('UNAUTHENTICATED', 'send an API key as "Authorization: Bearer <key>"');
    const key = match[1]!;
    if (level === 'admin') {
      if (!sameSecret(key, this.config.adminKey))
        throw new PlatformError('FORBIDDEN', 'this route needs the operator admin key');
      return true;
    }
    const tenantId = await this.apiKeys.tenantOf(key);
    if (!tenantId) throw new PlatformError('UNAUTHENTICATED', 'unknown or revoked API key');
    request.tenantId = tenantId;
    return true;
  }
}

/** The tenant of the request's API key (set by ApiKeyGuard). */
export const TenantId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const tenantId = context.switchToHttp().getRequest<AuthedRequest>().tenantId;
  if (!tenantId) throw new PlatformError('UNAUTHENTICATED', 'no tenant on this request');
  return tenantId;
});
