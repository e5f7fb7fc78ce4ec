import { mayCall } from '../../src/people/permissions';
import { ACTIONS, can, type Action } from '../../dashboard/src/permissions';

const ROLES = ['owner', 'developer', 'finance', 'viewer'] as const;

describe('The dashboard shows each role what the server lets it do', () => {
  it.each(Object.keys(ACTIONS) as Action[])('%s: the roles shown it are exactly those the server allows all its operations', (action) => {
    for (const role of ROLES) {
      const server = ACTIONS[action].operations.every((operationId) => mayCall(role, operationId));
      expect({ role, allowed: can(role, action) }).toEqual({ role, allowed: server });
    }
  });
});
