/**
 * The table's entry for a code a provider sent, or undefined when the table does not list
 * it (never an inherited property such as `toString`).
 */
export function entryOf<Code extends string, Entry>(table: Readonly<Record<Code, Entry>>, code: unknown): Entry | undefined {
  return typeof code === 'string' && Object.hasOwn(table, code) ? table[code as Code] : undefined;
}
