import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import { isEnvironment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { actorOf } from '../common/http/dashboard-api';
import { isUuid } from '../common/ids';

const RECORDED_BY_SERVICE = 'palladium:admin-audit-by-service';

/** The handler's service records its own audit entry (with before and after); the interceptor does not add another. */
export const RecordedByItsService = () => SetMetadata(RECORDED_BY_SERVICE, true);

/** A request body larger than this is summarised (a long list is not copied). */
const MAX_RECORDED_BODY_CHARS = 4_096;
const SECRET_FIELD = /password|token|secret/i;

/** Refusals worth an audit entry: an operator tried what their role, scope or four eyes do not allow. */
const RECORDED_REFUSALS = new Set(['OPERATOR_FORBIDDEN_ERROR', 'FOUR_EYES_REQUIRED_ERROR']);

/** `adminApproveTopUp` → `admin.approve_top_up`. */
export function adminActionOf(operationId: string): string {
  return `admin.${operationId.replace(/^admin/, '').replace(/[A-Z]/g, (letter, index: number) => `${index ? '_' : ''}${letter.toLowerCase()}`)}`;
}

/** A refusal as the trail keeps it: `<action>_refused` (e.g. `admin.approve_approval_refused`), with the error. */
export function refusalEntry(action: string, error: DomainError) {
  return { action: `${action}_refused`, outcome: { error_code: error.code, message: error.message } };
}

/**
 * Records in the audit trail every /admin change an operator makes (any method but GET):
 * who (operator and token, from AdminTokenGuard), the action (`admin.<operation>`, e.g.
 * `admin.approve_top_up`), the path, and what was asked for (parameters and body, secrets
 * redacted), with the merchant it concerns. Recorded once the change answered successfully;
 * refusals (a self-approval, a one-step action that needs four eyes, a role that may not)
 * are recorded as `<action>_refused` with the error. Should recording fail, the answer
 * stands and `audit.record_failed` is logged.
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
    const action = adminActionOf(operationId);
    return next.handle().pipe(
      mergeMap(async (answer: unknown) => {
        await this.record(request, action, answer);
        return answer;
      }),
      catchError((error: unknown) => {
        if (!(error instanceof DomainError) || !RECORDED_REFUSALS.has(error.code)) return throwError(() => error);
        const refused = refusalEntry(action, error);
        return from(this.record(request, refused.action, null, refused.outcome)).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }

  /** Records one /admin request: what it answered (a change), or why it was refused (`outcome`). Never throws. */
  async record(request: Request & { id?: unknown }, action: string, answer: unknown, outcome?: unknown): Promise<void> {
    await this.write(request, action, answer, outcome).catch((error: unknown) => {
      this.logger.error({ err: error, event: 'audit.record_failed', action }, 'Recording an operator action in the audit trail failed');
    });
  }

  private async write(request: Request & { id?: unknown }, action: string, answer: unknown, outcome: unknown): Promise<void> {
    const params = { ...(request.params as Record<string, string>) };
    const route = (request as { route?: { path?: unknown } }).route?.path;
    const routePath = typeof route === 'string' ? route : request.path;
    const concerned = concernOf(answer, routePath, params);
    await this.audit.record(actorOf(request), {
      merchantId: concerned.merchantId,
      environment: concerned.environment,
      action,
      target: request.path.slice(0, 200),
      after: { method: request.method, route: routePath, params, body: redact(request.body), ...(outcome ? { refused: outcome } : {}) },
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
