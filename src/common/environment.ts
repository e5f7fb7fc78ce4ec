/** Every key, resource and wallet belongs to exactly one environment; the API key says which. */
export const ENVIRONMENTS = ['development', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export function isEnvironment(value: unknown): value is Environment {
  return typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value);
}

/** Every merchant resource query is scoped to one merchant in one environment. */
export interface MerchantScope {
  merchantId: string;
  environment: Environment;
}
