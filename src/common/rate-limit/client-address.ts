import ipaddr from 'ipaddr.js';

/**
 * Who a client is for rate limiting: its IPv4 address, or the /64 of its IPv6 address (a
 * subscriber is usually given a whole /64, so single IPv6 addresses cost an attacker nothing).
 * `ip` is express's req.ip, which follows TRUST_PROXY.
 */
export function clientAddress(ip: string | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return ip || 'unknown';
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const prefix = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${prefix.join(':')}::/64`;
}
