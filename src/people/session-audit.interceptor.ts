import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import { mergeMap, Observable } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import { actorOf } from '../common/http/dashboard-api';
import { MERCHANT_API, type MerchantRequest } from '../common/http/merchant-api';
import { auditActionOf } from './permissions';

/** A request body larger than this is summarised in the audit entry (a batch of 1,000 payouts is not copied). */
const MAX_RECORDED_BODY_CHARS = 4_096;

/**
 * Records in the audit trail every merchant-API change a signed-in person makes (the
 * operations permissions.ts gives an audit action): the action, its target (the resource id
 * from the path or the answer), and what was asked for (the route, path parameters and
 * body; request bodies of the merchant API carry no secrets). Recorded once the change
 * answered successfully, after its own transaction committed (several of these calls a
 * provider first, outside any transaction); should recording fail, the change stands and
 * the failure is logged (`audit.record_failed`). Calls with an API key are not recorded:
 * the merchant's own server makes them.
 */
@Injectable()
export class SessionAuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger(SessionAuditInterceptor.name);

  constructor(
    private readonly audit: AuditService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<MerchantRequest>();
    const merchantApi = this.reflector.getAllAndOverride<boolean>(MERCHANT_API, [context.getHandler(), context.getClass()]);
    const operationId = (Reflect.getMetadata(DECORATORS.API_OPERATION, context.getHandler()) as { operationId?: string } | undefined)?.operationId;
    const action = auditActionOf(operationId);
    if (!merchantApi || !request.person || !request.merchant || !action) return next.handle();
    return next.handle().pipe(
      mergeMap(async (answer: unknown) => {
        await this.record(request, action, answer).catch((error: unknown) =>
          this.logger.error({ err: error, event: 'audit.record_failed', action }, 'Recording a dashboard change in the audit trail failed'),
        );
        return answer;
      }),
    );
  }

  private async record(request: MerchantRequest, action: string, answer: unknown): Promise<void> {
    const merchant = request.merchant!;
    const params = { ...(request.params as Record<string, string>) };
    const answeredId = typeof answer === 'object' && answer !== null ? (answer as { id?: unknown }).id : undefined;
    const id = params.id ?? (typeof answeredId === 'string' || typeof answeredId === 'number' ? String(answeredId) : undefined);
    const [thing] = action.split('.');
    await this.audit.record(actorOf(request), {
      merchantId: merchant.merchantId,
      environment: merchant.environment,
      action,
      target: id === undefined ? thing : `${thing}:${id}`.slice(0, 200),
      after: { method: request.method, route: routeOf(request), params, body: summarise(request.body) },
    });
  }
}

function routeOf(request: MerchantRequest): string {
  const route = (request as { route?: { path?: unknown } }).route?.path;
  return typeof route === 'string' ? route : request.path;
}

function summarise(body: unknown): unknown {
  if (body === undefined || body === null) return null;
  const text = JSON.stringify(body);
  return text.length <= MAX_RECORDED_BODY_CHARS ? body : { summarised: true, characters: text.length };
}
