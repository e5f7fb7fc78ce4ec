import { ProviderWebhook } from '../provider-webhook.decorator';
import { DUITKU } from './duitku.client';

/** A Duitku webhook route: signed in its body, checked by the Duitku adapter once the body is read. */
export const DuitkuWebhook = (): MethodDecorator => ProviderWebhook(DUITKU);
