import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ErrorState } from '../../components/states';

/** What the confirmation asks in writing (a reason, a note), kept with the action in the audit log. */
export interface ConfirmField {
  label: string;
  description?: string;
  required?: boolean;
}

/**
 * A button that opens a confirmation of a consequential action (suspend a merchant, disable
 * an operator…): what it does, optionally a reason to write, then the action itself. The
 * dialog closes once the server accepted it and shows the server's refusal otherwise.
 */
export function ConfirmAction<T>({
  label,
  title,
  children,
  field,
  confirmLabel,
  color,
  variant = 'light',
  disabled,
  action,
  onDone,
}: {
  /** The opening button's text. */
  label: string;
  title: string;
  /** What the action does, shown above the field. */
  children: ReactNode;
  field?: ConfirmField;
  confirmLabel: string;
  color?: string;
  variant?: 'light' | 'filled' | 'outline' | 'default';
  disabled?: boolean;
  action: (text: string) => Promise<T>;
  onDone?: (result: T) => void;
}) {
  const [opened, setOpened] = useState(false);
  const [text, setText] = useState('');
  const run = useMutation({
    mutationFn: () => action(text.trim()),
    onSuccess: (result) => {
      setOpened(false);
      setText('');
      onDone?.(result);
    },
  });
  const close = () => {
    setOpened(false);
    run.reset();
  };
  return (
    <>
      <Button size="xs" color={color} variant={variant} disabled={disabled} onClick={() => setOpened(true)} style={{ flexShrink: 0 }}>
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={<Text fw={700}>{title}</Text>} centered>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            run.mutate();
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{children}</Text>
            {field && (
              <Textarea
                label={field.label}
                description={field.description}
                required={field.required}
                autosize
                minRows={2}
                maxLength={500}
                value={text}
                onChange={(event) => setText(event.currentTarget.value)}
                data-autofocus
              />
            )}
            {run.isError && <ErrorState error={run.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color={color} loading={run.isPending} disabled={field?.required && !text.trim()}>
                {confirmLabel}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
