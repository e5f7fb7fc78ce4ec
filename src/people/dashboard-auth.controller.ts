import { Body, Controller, Get, HttpCode, Post, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { type AuthenticatedPerson, CurrentActor, CurrentPerson, DashboardApi, type RequestActor } from '../common/http/dashboard-api';
import { AppConfig } from '../config/app-config';
import { JsonOnlyGuard } from '../common/http/json-only.guard';
import { ChangePasswordDto, EndedSessionsDto, SessionDto, SignedUpDto, SignInDto, SignUpDto } from './people.dto';
import { PeopleService } from './people.service';
import type { NewSession } from './sessions.service';
import { SESSION_COOKIE, sessionCookieOptions } from '../common/security/session-token';
import { PasswordAttemptThrottle } from '../common/rate-limit/password-attempt-throttle';

/**
 * Sign-up, sign-in and out, the session. A session is the palladium_session cookie
 * (HttpOnly, SameSite=Lax, Secure outside a plain-http localhost); every change made with it
 * carries its X-CSRF-Token (README "Dashboard").
 */
@ApiTags('Dashboard')
@Controller('api/dashboard')
export class DashboardAuthController {
  constructor(
    private readonly people: PeopleService,
    private readonly config: AppConfig,
  ) {}

  @Post('sign-up')
  @UseGuards(JsonOnlyGuard)
  @UseInterceptors(PasswordAttemptThrottle({ perEmail: false, giveBackOnSuccess: false }))
  @ApiOperation({
    operationId: 'signUp',
    summary: 'Create a merchant and its first person (owner), and sign in',
    description:
      'The merchant gets its wallets, callback credentials and both API keys (shown only now) at once, and works in development; ' +
      'production is switched on by an operator. Sets the session cookie. JSON only. Throttled per address (SIGN_IN_ATTEMPTS_PER_IP).',
  })
  @ApiCreatedResponse({ type: SignedUpDto, description: 'Signed in: the session cookie is set.' })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'DUPLICATE_MERCHANT_ERROR', 'DUPLICATE_PERSON_ERROR', 'UNSUPPORTED_MEDIA_TYPE_ERROR', 'RATE_LIMITED_ERROR')
  async signUp(@Body() body: SignUpDto, @CurrentActor() actor: RequestActor, @Res({ passthrough: true }) response: Response): Promise<SignedUpDto> {
    const { session, view } = await this.people.signUp(
      { merchantName: body.merchant_name, name: body.name, email: body.email, password: body.password },
      actor.requestId,
    );
    this.setCookie(response, session);
    return view;
  }

  @Post('sign-in')
  @HttpCode(200)
  @UseGuards(JsonOnlyGuard)
  @UseInterceptors(PasswordAttemptThrottle({ perEmail: true, giveBackOnSuccess: true }))
  @ApiOperation({
    operationId: 'signIn',
    summary: 'Sign in with email and password',
    description:
      'Sets the session cookie. A wrong email and a wrong password get the same answer. Failed attempts are limited per email ' +
      '(SIGN_IN_ATTEMPTS_PER_EMAIL) and per address (SIGN_IN_ATTEMPTS_PER_IP) in SIGN_IN_WINDOW_SECONDS. JSON only.',
  })
  @ApiOkResponse({ type: SessionDto, description: 'Signed in: the session cookie is set.' })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'INVALID_CREDENTIALS_ERROR', 'MERCHANT_SUSPENDED_ERROR', 'UNSUPPORTED_MEDIA_TYPE_ERROR', 'RATE_LIMITED_ERROR')
  async signIn(@Body() body: SignInDto, @CurrentActor() actor: RequestActor, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    const { session, view } = await this.people.signIn(body.email, body.password, actor.requestId);
    this.setCookie(response, session);
    return view;
  }

  @Get('session')
  @DashboardApi()
  @ApiOperation({ operationId: 'getSession', summary: 'Who is signed in, their merchant, and the CSRF token of the session' })
  @ApiOkResponse({ type: SessionDto })
  session(@CurrentPerson() person: AuthenticatedPerson): Promise<SessionDto> {
    return this.people.session(person);
  }

  @Post('sign-out')
  @HttpCode(200)
  @DashboardApi()
  @ApiOperation({ operationId: 'signOut', summary: 'End this session', description: 'Clears the cookie.' })
  @ApiOkResponse({ type: EndedSessionsDto })
  async signOut(@CurrentPerson() person: AuthenticatedPerson, @CurrentActor() actor: RequestActor, @Res({ passthrough: true }) response: Response): Promise<EndedSessionsDto> {
    const ended = await this.people.signOut(person, actor);
    this.clearCookie(response);
    return ended;
  }

  @Post('sign-out-everywhere')
  @HttpCode(200)
  @DashboardApi()
  @ApiOperation({ operationId: 'signOutEverywhere', summary: 'End every session of yours, on every device (this one too)' })
  @ApiOkResponse({ type: EndedSessionsDto })
  async signOutEverywhere(
    @CurrentPerson() person: AuthenticatedPerson,
    @CurrentActor() actor: RequestActor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EndedSessionsDto> {
    const ended = await this.people.signOutEverywhere(person, actor);
    this.clearCookie(response);
    return ended;
  }

  @Post('password')
  @HttpCode(200)
  @DashboardApi()
  @UseInterceptors(PasswordAttemptThrottle({ perEmail: true, giveBackOnSuccess: true }))
  @ApiOperation({ operationId: 'changePassword', summary: 'Change your password', description: 'Needs the current one; your other sessions end, this one stays.' })
  @ApiOkResponse({ type: EndedSessionsDto })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  changePassword(@CurrentPerson() person: AuthenticatedPerson, @CurrentActor() actor: RequestActor, @Body() body: ChangePasswordDto): Promise<EndedSessionsDto> {
    return this.people.changePassword(person, body.current_password, body.new_password, actor);
  }

  private setCookie(response: Response, session: NewSession): void {
    response.cookie(SESSION_COOKIE, session.token, sessionCookieOptions(this.config.dashboard.secureCookies, session.expiresAt));
  }

  private clearCookie(response: Response): void {
    response.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config.dashboard.secureCookies));
  }
}
