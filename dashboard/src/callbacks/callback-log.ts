import type { InfiniteData } from '@tanstack/react-query';
import type { components } from '../api/schema';

/** The callback log's rules, free of React so unit specs can check them. */
export type CallbackEvent = components['schemas']['CallbackEventDto'];
export type CallbackStatus = CallbackEvent['status'];
export type CallbackEventType = CallbackEvent['event'];

export const CALLBACK_STATUSES: readonly CallbackStatus[] = ['pending', 'delivered', 'failed', 'no_url'];

/** The log's filters, as they appear in its URL (`/callbacks?status=failed&resource_id=…`). */
export interface CallbackLogFilters {
  status?: CallbackStatus;
  event?: CallbackEventType;
  resource_id?: string;
}

/**
 * The filters a URL names. Unknown statuses or event types (an old or mistyped link) are
 * dropped rather than sent, so the page shows the whole log instead of a validation error.
 */
export function filtersFromSearch(search: URLSearchParams, eventTypes: readonly CallbackEventType[]): CallbackLogFilters {
  const filters: CallbackLogFilters = {};
  const status = search.get('status');
  if (status && (CALLBACK_STATUSES as readonly string[]).includes(status)) filters.status = status as CallbackStatus;
  const event = search.get('event');
  if (event && (eventTypes as readonly string[]).includes(event)) filters.event = event as CallbackEventType;
  const resourceId = search.get('resource_id')?.trim();
  if (resourceId) filters.resource_id = resourceId;
  return filters;
}

/** The URL query of some filters, in a stable order; empty values are left out. */
export function searchOfFilters(filters: CallbackLogFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.status) search.set('status', filters.status);
  if (filters.event) search.set('event', filters.event);
  const resourceId = filters.resource_id?.trim();
  if (resourceId) search.set('resource_id', resourceId);
  return search;
}

/** How soon a pending delivery must be due for the page to keep refreshing until it happens. */
export const DUE_SOON_MS = 60_000;

/** Whether the worker will try this event within DUE_SOON_MS, so its row is about to change. */
export function deliveryDueSoon(event: Pick<CallbackEvent, 'status' | 'next_attempt'> | undefined, now: number): boolean {
  if (event?.status !== 'pending') return false;
  if (!event.next_attempt) return true;
  return new Date(event.next_attempt).getTime() - now <= DUE_SOON_MS;
}

interface CursorPage<T> {
  data: T[];
  has_more: boolean;
  next_cursor?: string | null;
}

/** A loaded cursor-paged list with one event swapped for its newer version (e.g. after a resend). */
export function withEventReplaced<P extends CursorPage<CallbackEvent>>(list: InfiniteData<P> | undefined, event: CallbackEvent): InfiniteData<P> | undefined {
  if (!list) return list;
  return { ...list, pages: list.pages.map((page) => ({ ...page, data: page.data.map((row) => (row.id === event.id ? event : row)) })) };
}
