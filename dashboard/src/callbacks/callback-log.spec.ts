import type { InfiniteData } from '@tanstack/react-query';
import { deliveryDueSoon, filtersFromSearch, searchOfFilters, withEventReplaced, type CallbackEvent, type CallbackEventType } from './callback-log';

const TYPES: CallbackEventType[] = ['virtual_account.paid', 'disbursement.failed'];

function event(id: string, status: CallbackEvent['status'], next_attempt: string | null = null): CallbackEvent {
  return { id, event: 'virtual_account.paid', resource_id: 'va_1', status, created: '2026-11-22T07:00:00Z', delivered: null, next_attempt, payload: {}, attempts: [] };
}

describe('callback log filters in the URL', () => {
  it('reads status, event type and resource id from a shared link', () => {
    expect(filtersFromSearch(new URLSearchParams('status=failed&event=virtual_account.paid&resource_id=%20va_123%20'), TYPES)).toEqual({
      status: 'failed',
      event: 'virtual_account.paid',
      resource_id: 'va_123',
    });
  });

  it('drops values the API would refuse, so an old link shows the whole log', () => {
    expect(filtersFromSearch(new URLSearchParams('status=lost&event=order.shipped&resource_id='), TYPES)).toEqual({});
  });

  it('writes only the filters set, and reads back what it wrote', () => {
    const filters = { status: 'no_url' as const, resource_id: 'disb_9' };
    const search = searchOfFilters({ ...filters, event: undefined });
    expect(search.toString()).toBe('status=no_url&resource_id=disb_9');
    expect(filtersFromSearch(search, TYPES)).toEqual(filters);
    expect(searchOfFilters({ resource_id: '  ' }).toString()).toBe('');
  });
});

describe('refreshing while a delivery is due', () => {
  const now = Date.parse('2026-11-22T07:00:00Z');

  it('is due soon when pending and the next attempt is now, overdue, unknown or within a minute', () => {
    expect(deliveryDueSoon(event('a', 'pending', '2026-11-22T06:59:00Z'), now)).toBe(true);
    expect(deliveryDueSoon(event('a', 'pending', null), now)).toBe(true);
    expect(deliveryDueSoon(event('a', 'pending', '2026-11-22T07:00:30Z'), now)).toBe(true);
  });

  it('is not due for a retry hours away, nor for finished events', () => {
    expect(deliveryDueSoon(event('a', 'pending', '2026-11-22T09:00:00Z'), now)).toBe(false);
    for (const status of ['delivered', 'failed', 'no_url'] as const) expect(deliveryDueSoon(event('a', status), now)).toBe(false);
    expect(deliveryDueSoon(undefined, now)).toBe(false);
  });
});

describe('swapping a resent event into the loaded pages', () => {
  it('replaces the row with that id wherever it is and leaves the others', () => {
    const list: InfiniteData<{ data: CallbackEvent[]; has_more: boolean; next_cursor: string | null }> = {
      pageParams: [undefined, 'c1'],
      pages: [
        { data: [event('a', 'delivered'), event('b', 'failed')], has_more: true, next_cursor: 'c1' },
        { data: [event('c', 'failed')], has_more: false, next_cursor: null },
      ],
    };
    const resent = event('c', 'pending', '2026-11-22T07:00:00Z');
    const updated = withEventReplaced(list, resent)!;
    expect(updated.pages.flatMap((page) => page.data.map((row) => `${row.id}:${row.status}`))).toEqual(['a:delivered', 'b:failed', 'c:pending']);
    expect(updated.pages[0].next_cursor).toBe('c1');
    expect(list.pages[1].data[0].status).toBe('failed');
    expect(withEventReplaced(undefined, resent)).toBeUndefined();
  });
});
