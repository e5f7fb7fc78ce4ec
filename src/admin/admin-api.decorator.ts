import { applyDecorators, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { AdminAuditInterceptor } from './admin-audit.interceptor';
import { AdminTokenGuard } from './admin-token.guard';

export const ADMIN_SECURITY = 'admin-token';

/** Marks a controller as operator-only (an operator's token or ADMIN_API_TOKEN; AdminTokenGuard); its changes are audited. */
export function AdminApi(): ClassDecorator {
  return applyDecorators(
    UseGuards(AdminTokenGuard),
    UseInterceptors(AdminAuditInterceptor),
    ApiBearerAuth(ADMIN_SECURITY),
    ApiErrorResponses('INVALID_ADMIN_TOKEN', 'OPERATOR_FORBIDDEN_ERROR', 'RATE_LIMITED_ERROR', 'SERVER_ERROR'),
  );
}
