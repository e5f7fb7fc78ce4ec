import { describeActor, refusal } from './operator-access';
import { BOOTSTRAP_ACTOR, type OperatorActor } from './operators.types';

const actor = (role: OperatorActor['role'], scope: OperatorActor['scope'] = 'act'): OperatorActor => ({
  operatorId: '00000000-0000-4000-8000-000000000001',
  name: 'Sari Dewi',
  role,
  scope,
  via: 'token:laptop',
});

describe('operator access', () => {
  it('lets every role look', () => {
    for (const role of ['viewer', 'operator', 'approver', 'admin'] as const) expect(refusal(actor(role, 'read'), 'GET', undefined)).toBeUndefined();
  });

  it('needs an act token and at least the operator role to change anything', () => {
    expect(refusal(actor('viewer'), 'POST', undefined)).toBe('Sari Dewi is a viewer; this needs the operator role');
    expect(refusal(actor('admin', 'read'), 'POST', undefined)).toBe('token:laptop is a read-only token');
    expect(refusal(actor('operator'), 'POST', undefined)).toBeUndefined();
    expect(refusal(actor('approver'), 'PUT', undefined)).toBeUndefined();
  });

  it('keeps admin-only routes to admins, even for looking', () => {
    expect(refusal(actor('approver'), 'GET', 'admin')).toBe('Sari Dewi is an approver; this needs the admin role');
    expect(refusal(actor('admin'), 'POST', 'admin')).toBeUndefined();
    expect(refusal(BOOTSTRAP_ACTOR, 'POST', 'admin')).toBeUndefined();
  });

  it('names the actor for records', () => {
    expect(describeActor(actor('operator'))).toBe('Sari Dewi (token:laptop)');
    expect(describeActor(BOOTSTRAP_ACTOR)).toBe('bootstrap token');
  });
});
