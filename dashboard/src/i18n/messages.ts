import { en, type Messages } from './en';

/**
 * The dashboard's languages. To add Bahasa Indonesia: write `id.ts` exporting
 * `export const id: Messages = { … }` (the compiler lists any string left out), add it here,
 * and offer it in the shell.
 */
export const LOCALES = { en } satisfies Record<string, Messages>;
export type Locale = keyof typeof LOCALES;

let current: Locale = 'en';

export function setLocale(locale: Locale): void {
  current = locale;
}

/** The strings of the current language. */
export function m(): Messages {
  return LOCALES[current];
}
