import { ConsolePage } from '../ConsoleShell';

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function MerchantsPage() {
  return <ConsolePage title="Merchants">{null}</ConsolePage>;
}

// PLACEHOLDER: replaced by the real page (issue 15, in progress).
export function MerchantPage() {
  return <ConsolePage title="Merchants">{null}</ConsolePage>;
}

