import { Body, Controller, Get, HttpCode, Post, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { CurrentActor, type RequestActor } from '../common/http/dashboard-api';
import { JsonOnlyGuard } from '../common/http/json-only.guard';
import { PasswordAttemptThrottle } from '../common/rate-limit/password-attempt-throttle';
import { CONSOLE_COOKIE_PATH, CONSOLE_SESSION_COOKIE, sessionCookieOptions } from '../common/security/session-token';
import { AppConfig } from '../config/app-config';
import { type ConsoleOperator, ConsoleSessionsService } from '../operators/console-sessions.service';
import type { ConsoleSessionView, TotpEnrollmentView } from '../operators/operators.views';
import { ChangePasswordDto, EndedSessionsDto, SignInDto } from '../people/people.dto';
import { AdminApi } from './admin-api.decorator';
import { ConsoleSessionDto, ConsoleSignInDto, TotpEnrollmentDto } from './admin-operators.dto';
import { CurrentConsoleOperator } from './admin-token.guard';

/**
 * Signing in to the operator console: password, then the code of the operator's
 * authenticator app (TOTP). The session is the palladium_console cookie, sent only to /admin;
 * its changes carry the X-CSRF-Token. JSON only, throttled like the dashboard's sign-in.
 */
@ApiTags('Admin: console')
@Controller('admin/console')
export class AdminConsoleSignInController {
  constructor(
    private readonly consoleSessions: ConsoleSessionsService,
    private readonly config: AppConfig,
  ) {}

  @Post('totp-enrollment')
  @HttpCode(200)
  @UseGuards(JsonOnlyGuard)
  @UseInterceptors(PasswordAttemptThrottle({ perEmail: true, giveBackOnSuccess: true }))
  @ApiOperation({
    operationId: 'adminConsoleEnrollTotp',
    summary: 'First sign-in, step 1: your password, for a secret to add to your authenticator app',
    description: 'Then sign in with the password and the app\'s first code, which confirms it. Only while no authenticator is set up.',
  })
  @ApiOkResponse({ type: TotpEnrollmentDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'INVALID_CREDENTIALS_ERROR', 'TOTP_ALREADY_ENROLLED_ERROR', 'UNSUPPORTED_MEDIA_TYPE_ERROR', 'RATE_LIMITED_ERROR')
  enroll(@Body() body: SignInDto, @CurrentActor() actor: RequestActor): Promise<TotpEnrollmentView> {
    return this.consoleSessions.enroll(body.email, body.password, actor.requestId);
  }

  @Post('sign-in')
  @HttpCode(200)
  @UseGuards(JsonOnlyGuard)
  @UseInterceptors(PasswordAttemptThrottle({ perEmail: true, giveBackOnSuccess: true }))
  @ApiOperation({
    operationId: 'adminConsoleSignIn',
    summary: 'Sign in to the console with email, password and the authenticator app\'s code',
    description: 'Sets the palladium_console cookie (HttpOnly, path /admin). Recorded in the audit trail.',
  })
  @ApiOkResponse({ type: ConsoleSessionDto })
  @ApiErrorResponses(
    'API_VALIDATION_ERROR', 'INVALID_CREDENTIALS_ERROR', 'TOTP_CODE_INVALID_ERROR', 'TOTP_ENROLLMENT_REQUIRED_ERROR', 'UNSUPPORTED_MEDIA_TYPE_ERROR', 'RATE_LIMITED_ERROR',
  )
  async signIn(@Body() body: ConsoleSignInDto, @CurrentActor() actor: RequestActor, @Res({ passthrough: true }) response: Response): Promise<ConsoleSessionView> {
    const started = await this.consoleSessions.signIn(body, actor.requestId);
    response.cookie(CONSOLE_SESSION_COOKIE, started.token, sessionCookieOptions(this.config.dashboard.secureCookies, started.expiresAt, CONSOLE_COOKIE_PATH));
    return started.view;
  }
}

/** The signed-in operator's own session. */
@ApiTags('Admin: console')
@AdminApi()
@Controller('admin/console')
export class AdminConsoleController {
  constructor(
    private readonly consoleSessions: ConsoleSessionsService,
    private readonly config: AppConfig,
  ) {}

  @Get('session')
  @ApiOperation({ operationId: 'adminConsoleSession', summary: 'Who is signed in to the console, and the CSRF token of the session' })
  @ApiOkResponse({ type: ConsoleSessionDto })
  @ApiErrorResponses('SESSION_INVALID_ERROR')
  session(@CurrentConsoleOperator() operator: ConsoleOperator): ConsoleSessionView {
    return this.consoleSessions.view(operator);
  }

  @Post('sign-out')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminConsoleSignOut', summary: 'End this console session', description: 'Clears the cookie.' })
  @ApiOkResponse({ type: EndedSessionsDto })
  @ApiErrorResponses('SESSION_INVALID_ERROR', 'CSRF_TOKEN_INVALID_ERROR')
  async signOut(@CurrentConsoleOperator() operator: ConsoleOperator, @Res({ passthrough: true }) response: Response): Promise<EndedSessionsDto> {
    const ended = await this.consoleSessions.signOut(operator.session.id);
    response.clearCookie(CONSOLE_SESSION_COOKIE, sessionCookieOptions(this.config.dashboard.secureCookies, undefined, CONSOLE_COOKIE_PATH));
    return { ended_sessions: ended ? 1 : 0 };
  }

  @Post('password')
  @HttpCode(200)
  @UseInterceptors(PasswordAttemptThrottle({ perEmail: true, giveBackOnSuccess: true }))
  @ApiOperation({ operationId: 'adminConsoleChangePassword', summary: 'Change your console password', description: 'Needs the current one; your other console sessions end.' })
  @ApiOkResponse({ type: EndedSessionsDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'SESSION_INVALID_ERROR', 'CSRF_TOKEN_INVALID_ERROR')
  changePassword(@CurrentConsoleOperator() operator: ConsoleOperator, @Body() body: ChangePasswordDto): Promise<EndedSessionsDto> {
    return this.consoleSessions.changePassword(operator.operatorId!, operator.session.id, body.current_password, body.new_password);
  }
}
