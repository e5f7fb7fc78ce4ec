import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import { mergeMap, Observable } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import { isEnvironment } from '../common/environment';
import { actorOf } from '../common/http/dashboard-api';
import { isUuid } from '../common/ids';

const RECORDED_BY_SERVICE = 'palladium:admin-audit-by-service';

/** The handler's service records its own audit entry (with before and after); the interceptor does not add another. */
export const RecordedByItsService = () => SetMetadata(RECORDED_BY_SERVICE, true);

/** A request body larger than this is summarised (a long list is not copied). */
const MAX_RECORDED_BODY_CHARS = 4_096;
const SECRET_FIELD = /password|token|secret/i;

/**
 * Records in the audit trail every /admin change an operator makes (any method but GET):
 * who (operator and token, from AdminTokenGuard), the action (`admin.<operation>`, e.g.
 * `admin.approve_top_up`), the path, and what was asked for (parameters and body, secrets
 * redacted), with the merchant it concerns. Recorded once the change answered successfully;
 * should recording fail, the change stands and `audit.record_failed` is logged.
 */
@Injectable()
export class AdminAuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger(AdminAuditInterceptor.name);

  constructor(
    private readonly audit: AuditService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { id?: unknown }>();
    const operationId = (Reflect.getMetadata(DECORATORS.API_OPERATION, context.getHandler()) as { operationId?: string } | undefined)?.operationId;
    const recordedByService = this.reflector.getAllAndOverride<boolean>(RECORDED_BY_SERVICE, [context.getHandler(), context.getClass()]);
    if (request.method === 'GET' || recordedByService || !operationId) return next.handle();
    const action = `admin.${operationId.replace(/^admin/, '').replace(/[A-Z]/g, (letter, index: number) => `${index ? '_' : ''}${letter.toLowerCase()}`)}`;
    return next.handle().pipe(
      mergeMap(async (answer: unknown) => {
        await this.record(request, action, answer).catch((error: unknown) =>
          this.logger.error({ err: error, event: 'audit.record_failed', action }, 'Recording an operator action in the audit trail failed'),
        );
        return answer;
      }),
    );
  }

  private async record(request: Request & { id?: unknown }, action: string, answer: unknown): Promise<void> {
    const params = { ...(request.params as Record<string, string>) };
    const route = (request as { route?: { path?: unknown } }).route?.path;
    const routePath = typeof route === 'string' ? route : request.path;
    const concerned = concernOf(answer, routePath, params);
    await this.audit.record(actorOf(request), {
      merchantId: concerned.merchantId,
      environment: concerned.environment,
      action,
      target: request.path.slice(0, 200),
      after: { method: request.method, route: routePath, params, body: redact(request.body) },
    });
  }
}

/** Which merchant and environment the action concerns: from the answer (top-ups, approvals…) or the path (/admin/merchants/:id/…). */
function concernOf(answer: unknown, route: string, params: Record<string, string>) {
  const object = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  const nested = (typeof object.approval === 'object' && object.approval !== null ? object.approval : {}) as Record<string, unknown>;
  const merchantId = [object.merchant_id, nested.merchant_id, route.startsWith('/admin/merchants/:id') ? params.id : undefined].find(
    (value): value is string => typeof value === 'string' && isUuid(value),
  );
  const environment = [object.environment, nested.environment, params.environment].find((value): value is 'development' | 'production' =>
    typeof value === 'string' && isEnvironment(value),
  );
  return { merchantId: merchantId ?? null, environment: environment ?? null };
}

function redact(body: unknown): unknown {
  if (body === undefined || body === null) return null;
  const text = JSON.stringify(body, (key, value: unknown) => (key && SECRET_FIELD.test(key) ? '[redacted]' : value));
  return text.length <= MAX_RECORDED_BODY_CHARS ? (JSON.parse(text) as unknown) : { summarised: true, characters: text.length };
}
