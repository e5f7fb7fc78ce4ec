import { Button, Code, CopyButton, Group } from '@mantine/core';
import { m } from '../i18n/messages';

/** A secret or id shown in full with a copy button. */
export function CopyValue({ value, testId }: { value: string; testId?: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Code data-testid={testId} style={{ wordBreak: 'break-all', whiteSpace: 'normal' }}>
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button size="compact-xs" variant="light" color={copied ? 'teal' : 'blue'} onClick={copy}>
            {copied ? m().common.copied : m().common.copy}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
