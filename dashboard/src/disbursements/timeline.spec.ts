import type { components } from '../api/schema';
import { disbursementTimeline } from './timeline';

type CallbackEvent = components['schemas']['CallbackEventDto'];

const callback = (id: string, event: CallbackEvent['event'], created: string): CallbackEvent => ({
  id,
  event,
  resource_id: 'd1',
  status: 'delivered',
  created,
  delivered: created,
  next_attempt: null,
  payload: {},
  attempts: [],
});

describe('disbursementTimeline', () => {
  it('a pending one: created, then the open wait for the bank', () => {
    const steps = disbursementTimeline({ status: 'pending', created: '2026-11-22T07:00:00.000Z', completed: null }, []);
    expect(steps.map((step) => step.kind)).toEqual(['created', 'waiting']);
    expect(steps[1].at).toBeNull();
  });

  it('a failed one: the outcome with its code, then the callback made in the same instant', () => {
    const at = '2026-11-22T07:05:00.000Z';
    const steps = disbursementTimeline(
      { status: 'failed', created: '2026-11-22T07:00:00.000Z', completed: at, failure_code: 'INVALID_DESTINATION' },
      [callback('evt_1', 'disbursement.failed', at)],
    );
    expect(steps.map((step) => step.kind)).toEqual(['created', 'failed', 'callback']);
    expect(steps[1]).toEqual({ kind: 'failed', at, failureCode: 'INVALID_DESTINATION' });
  });

  it('puts callbacks, listed newest first, in time order among the other steps', () => {
    const steps = disbursementTimeline({ status: 'done', created: '2026-11-22T07:00:00.000Z', completed: '2026-11-22T07:01:00.000Z' }, [
      callback('evt_late', 'disbursement.completed', '2026-11-22T07:09:00.000Z'),
      callback('evt_early', 'disbursement.completed', '2026-11-22T07:01:00.000Z'),
    ]);
    expect(steps.map((step) => (step.kind === 'callback' ? step.callback.id : step.kind))).toEqual(['created', 'done', 'evt_early', 'evt_late']);
  });
});
