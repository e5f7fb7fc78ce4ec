import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ProviderWebhook } from '../provider-webhook.decorator';
import { XENDIT } from './xendit.client';

/** A Xendit webhook route: its X-CALLBACK-TOKEN is checked by the Xendit adapter before the body is read. */
export function XenditWebhook(): MethodDecorator {
  return applyDecorators(
    ProviderWebhook(XENDIT),
    ApiHeader({ name: 'X-CALLBACK-TOKEN', required: true, description: 'The Xendit callback verification token (XENDIT_CALLBACK_TOKEN).' }),
  );
}
