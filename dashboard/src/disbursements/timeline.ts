import type { components } from '../api/schema';

type Disbursement = Pick<components['schemas']['DisbursementRecordDto'], 'status' | 'created' | 'completed' | 'failure_code'>;
type CallbackEvent = components['schemas']['CallbackEventDto'];

/** One step of what happened to a disbursement; `at` is null only for the open wait for the bank. */
export type TimelineStep =
  | { kind: 'created'; at: string }
  | { kind: 'done'; at: string }
  | { kind: 'failed'; at: string; failureCode: string | undefined }
  | { kind: 'callback'; at: string; callback: CallbackEvent }
  | { kind: 'waiting'; at: null };

/**
 * What happened to a disbursement, oldest first: created, its outcome and each callback sent
 * about it (the API lists those newest first); while pending, the wait for the bank comes last.
 * Steps of the same instant keep that order: the outcome before the callback that reports it.
 */
export function disbursementTimeline(disbursement: Disbursement, callbacks: readonly CallbackEvent[]): TimelineStep[] {
  const steps: TimelineStep[] = [{ kind: 'created', at: disbursement.created }];
  if (disbursement.completed && disbursement.status === 'failed') steps.push({ kind: 'failed', at: disbursement.completed, failureCode: disbursement.failure_code });
  if (disbursement.completed && disbursement.status === 'done') steps.push({ kind: 'done', at: disbursement.completed });
  for (const callback of callbacks) steps.push({ kind: 'callback', at: callback.created, callback });
  const timed = steps.map((step, index) => ({ step, index, time: new Date(step.at!).getTime() }));
  timed.sort((a, b) => a.time - b.time || a.index - b.index);
  const ordered = timed.map(({ step }) => step);
  return disbursement.status === 'pending' ? [...ordered, { kind: 'waiting', at: null }] : ordered;
}
