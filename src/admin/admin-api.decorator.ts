import { applyDecorators, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { AdminAuditInterceptor } from './admin-audit.interceptor';
import { AdminTokenGuard } from './admin-token.guard';

export const ADMIN_SECURITY = 'admin-token';
export const CONSOLE_SECURITY = 'console-session';

/** Marks a controller as operator-only (an operator's token, ADMIN_API_TOKEN, or a console session; AdminTokenGuard); its changes are audited. */
export function AdminApi(): ClassDecorator {
  return applyDecorators(
    UseGuards(AdminTokenGuard),
    UseInterceptors(AdminAuditInterceptor),
    ApiBearerAuth(ADMIN_SECURITY),
    ApiCookieAuth(CONSOLE_SECURITY),
    ApiErrorResponses('INVALID_ADMIN_TOKEN', 'OPERATOR_FORBIDDEN_ERROR', 'RATE_LIMITED_ERROR', 'SERVER_ERROR'),
  );
}
