import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../common/pagination';
import { CALLBACK_EVENT_TYPE_NAMES, CALLBACK_EVENT_TYPES } from './callback-event-types';
import type { CallbackEventType } from './callback-event-types';
import type { CallbackStatus } from './outbox/callbacks.service';

const STATUSES: CallbackStatus[] = ['pending', 'delivered', 'failed', 'no_url'];

export const EVENT_TYPES_DESCRIPTION = CALLBACK_EVENT_TYPE_NAMES.map((t) => `- \`${t}\`: ${CALLBACK_EVENT_TYPES[t]}`).join('\n');

/** `{ "<event type>": "<url>" | null }` for every event type. */
export const CALLBACK_URLS_SCHEMA = {
  type: 'object',
  description: `One URL per event type (null: not called back).\n\n${EVENT_TYPES_DESCRIPTION}`,
  properties: Object.fromEntries(
    CALLBACK_EVENT_TYPE_NAMES.map((type) => [type, { type: 'string', format: 'uri', nullable: true, description: CALLBACK_EVENT_TYPES[type] }]),
  ),
  example: { 'virtual_account.paid': 'https://merchant.example/callbacks/va-paid', 'retail_payment.paid': null },
};

export class TestCallbackDto {
  @ApiProperty({ enum: CALLBACK_EVENT_TYPE_NAMES, description: 'Send the test to the URL configured for this event type.', example: 'virtual_account.paid' })
  @IsIn(CALLBACK_EVENT_TYPE_NAMES, { message: 'event_type must be a known event type' })
  event_type: CallbackEventType;
}

/** What the test callback's receiver answered; the same names as a delivery attempt in the callback log. */
export class TestCallbackResultDto {
  @ApiProperty({ example: 'https://merchant.example/callbacks/va-paid' })
  url: string;

  @ApiProperty({ example: 'evt_3f1c…', description: 'webhook-id of the test event.' })
  event_id: string;

  @ApiProperty({ description: 'Whether your endpoint answered 2xx.' })
  delivered: boolean;

  @ApiProperty({ type: Number, nullable: true, example: 200, description: 'The HTTP status your endpoint answered; null when it did not answer.' })
  status_code: number | null;

  @ApiProperty({ example: 42 })
  latency_ms: number;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why it was not delivered, e.g. `HTTP 500` or a timeout.' })
  error: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'First 1 KB of your response.' })
  response_snippet: string | null;
}

export class CallbackCredentialsDto {
  @ApiProperty({ description: 'Sent as X-CALLBACK-TOKEN on every callback: reject callbacks without it.' })
  callback_token: string;

  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Standard Webhooks secret for webhook-signature.' })
  signing_secret: string;

  @ApiProperty({ type: String, nullable: true, description: 'During a rotation callbacks are signed with this one too.' })
  previous_signing_secret: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  previous_signing_secret_expires_at: string | null;
}

export class CallbackListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: CallbackStatus;

  @ApiPropertyOptional({ enum: CALLBACK_EVENT_TYPE_NAMES })
  @IsOptional()
  @IsIn(CALLBACK_EVENT_TYPE_NAMES)
  event?: CallbackEventType;

  @ApiPropertyOptional({ description: 'Id of the virtual account, payment, disbursement… the event is about.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  resource_id?: string;
}

class CallbackAttemptDto {
  @ApiProperty({ format: 'date-time' })
  attempted_at: string;

  @ApiProperty()
  url: string;

  @ApiProperty({ type: Number, nullable: true })
  status_code: number | null;

  @ApiProperty()
  latency_ms: number;

  @ApiProperty({ type: String, nullable: true, example: 'HTTP 500' })
  error: string | null;

  @ApiProperty({ type: String, nullable: true })
  response_snippet: string | null;
}

export class CallbackEventDto {
  @ApiProperty({ example: 'evt_9b2f0c3e5d6a4b1c8e7f6a5b4c3d2e1f', description: 'Also the webhook-id header.' })
  id: string;

  @ApiProperty({ enum: CALLBACK_EVENT_TYPE_NAMES })
  event: string;

  @ApiProperty({ type: String, nullable: true })
  resource_id: string | null;

  @ApiProperty({ enum: STATUSES, description: '`no_url`: no URL was configured; resend after configuring one.' })
  status: CallbackStatus;

  @ApiProperty({ format: 'date-time' })
  created: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  delivered: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  next_attempt: string | null;

  @ApiProperty({ description: 'The JSON body sent: id, event, created, environment, data.' })
  payload: unknown;

  @ApiProperty({ type: [CallbackAttemptDto] })
  attempts: CallbackAttemptDto[];
}

export class CallbackEventPageDto extends PageDtoOf(CallbackEventDto, 'CallbackEventPage') {}

class CallbackBacklogDto {
  @ApiProperty({ example: 12, description: 'Every pending event: due now, in flight or waiting for its next retry.' })
  pending: number;

  @ApiProperty({ example: 3, description: 'Pending and due now: the workers have not picked them up yet.' })
  due_now: number;

  @ApiProperty({ example: 5, description: 'Pending after at least one failed attempt.' })
  retrying: number;

  @ApiProperty({ example: 1, description: 'Being delivered right now.' })
  in_flight: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the oldest event due now became due; null when none is due.' })
  oldest_due_at: string | null;

  @ApiProperty({ example: 2, description: 'Failed for good (the retry schedule ran out) and created since `failed_since`.' })
  failed: number;
}

class FailingCallbackEndpointDto {
  @ApiProperty({ format: 'uuid' })
  merchant_id: string;

  @ApiProperty({ enum: ['development', 'production'] })
  environment: 'development' | 'production';

  @ApiProperty({ example: 'https://merchant.example/callbacks/va-paid', description: 'The URL of the last attempt of each event.' })
  url: string;

  @ApiProperty({ example: 4, description: 'Events failed for good (created since `failed_since`).' })
  failed: number;

  @ApiProperty({ example: 2, description: 'Events still being retried.' })
  retrying: number;

  @ApiProperty({ format: 'date-time', description: 'The oldest undelivered event: how long the merchant has been waiting.' })
  oldest_event_at: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The next retry; null when every event has failed.' })
  next_retry_at: string | null;

  @ApiProperty({ format: 'date-time' })
  last_attempt_at: string;

  @ApiProperty({ type: Number, nullable: true, example: 500, description: "The status code of the last attempt; null when the endpoint did not answer." })
  last_status_code: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'HTTP 500' })
  last_error: string | null;
}

export class CallbackHealthDto {
  @ApiProperty({ format: 'date-time' })
  generated_at: string;

  @ApiProperty({ format: 'date-time', description: 'Failed events count from here.' })
  failed_since: string;

  @ApiProperty({ type: CallbackBacklogDto })
  backlog: CallbackBacklogDto;

  @ApiProperty({ type: [FailingCallbackEndpointDto], description: 'Endpoints with retrying or failed events, the most affected first (at most 100).' })
  failing_endpoints: FailingCallbackEndpointDto[];
}
