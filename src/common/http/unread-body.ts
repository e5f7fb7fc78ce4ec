import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long a client may go on sending a body that was refused before it was read whole. */
export const LINGER_MS = 2_000;

/**
 * Called when an answer goes out before the request body was read whole (failed
 * authentication, a body over its cap). Closing at once would reset the connection while the
 * client is still sending, and it might never see the answer; so what it still sends is
 * discarded (never buffered) for LINGER_MS at most, then the connection is closed.
 */
export function discardUnreadBody(request: IncomingMessage, response: ServerResponse): void {
  if (request.complete) return;
  response.once('finish', () => {
    if (request.complete) return;
    const timer = setTimeout(() => request.socket.destroy(), LINGER_MS);
    const stop = () => clearTimeout(timer);
    request.once('end', stop).once('close', stop);
    request.resume();
  });
}
