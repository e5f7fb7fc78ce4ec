import { Anchor, Badge, Group } from '@mantine/core';
import { Link } from 'react-router';
import type { Approval } from './approvals';

/** "Waiting for an approver" beside a subject that has an open approval, linking to it. */
export function WaitingApproval({ approval }: { approval: Approval }) {
  return (
    <Group gap={6} data-testid="waiting-approval">
      <Badge color="violet" variant="light">
        Waiting for an approver
      </Badge>
      <Anchor component={Link} to={`/approvals/${approval.id}`} size="sm">
        prepared by {approval.prepared_by}
      </Anchor>
    </Group>
  );
}
