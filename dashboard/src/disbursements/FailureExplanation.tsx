import { Alert, Code, Stack, Text } from '@mantine/core';
import { m } from '../i18n/messages';

/** The words for a failure code, or null for anything else (e.g. an operator's own reason). */
export function failureExplanation(code: string | null | undefined): string | null {
  return (code && m().failureCodes[code]) || null;
}

/**
 * Why a payout failed: its code and what it means. `compact` fits a table cell; otherwise a
 * red alert with `note` (e.g. where the money went) under the explanation.
 */
export function FailureExplanation({ code, compact, note }: { code: string; compact?: boolean; note?: string }) {
  const explanation = failureExplanation(code);
  if (compact) {
    return (
      <Stack gap={2}>
        <Text size="xs" ff="monospace">
          {code}
        </Text>
        {explanation && (
          <Text size="xs" c="dimmed">
            {explanation}
          </Text>
        )}
      </Stack>
    );
  }
  return (
    <Alert color="red" title={m().disbursements.failedTitle(code)} data-testid="failure-explanation">
      <Stack gap={4}>
        {explanation ? <Text size="sm">{explanation}</Text> : <Code>{code}</Code>}
        {note && <Text size="sm">{note}</Text>}
      </Stack>
    </Alert>
  );
}
