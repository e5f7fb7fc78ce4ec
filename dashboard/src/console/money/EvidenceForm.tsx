import { Button, Group, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { ErrorState } from '../../components/states';

export interface Evidence {
  reference: string;
  note?: string;
}

/**
 * Step 1 of four eyes: the evidence an approver will check (a bank reference, a note), plus
 * whatever the action needs (`extra` fields). Submits the evidence; the page sends it.
 */
export function EvidenceForm({
  referenceLabel,
  referenceDefault = '',
  submitLabel,
  submitting,
  error,
  extra,
  onSubmit,
}: {
  referenceLabel: string;
  referenceDefault?: string;
  submitLabel: string;
  submitting: boolean;
  error: unknown;
  extra?: ReactNode;
  onSubmit(evidence: Evidence): void;
}) {
  const [reference, setReference] = useState(referenceDefault);
  const [note, setNote] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit({ reference, ...(note.trim() ? { note } : {}) });
      }}
    >
      <Stack gap="xs">
        <TextInput label={referenceLabel} required value={reference} onChange={(e) => setReference(e.currentTarget.value)} />
        {extra}
        <Textarea label="Note for the approver" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        {!!error && <ErrorState error={error} />}
        <Group>
          <Button type="submit" loading={submitting}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
