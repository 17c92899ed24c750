// WARNING: these addresses are printed on letters and sent in emails that users keep for months;
// the console must keep answering them.

/** Pages of the console that letters, emails and QR codes point to (paths under PUBLIC_URL). */
export const PUBLIC_PAGES = {
  /** Activation: login + activation code → a password of one's own. `?login=` pre-fills the login. */
  activate: '/activate',
  /** Asking for a reset link by login. */
  passwordForgot: '/password/forgot',
  /** Using a reset link: `?token=`. */
  passwordReset: '/password/reset',
} as const;

/** An absolute link to one of PUBLIC_PAGES, with its query parameters encoded. */
export function publicLink(publicUrl: string, page: keyof typeof PUBLIC_PAGES, query: Record<string, string> = {}): string {
  // encodeURIComponent, not URLSearchParams: a space (logins may hold one) becomes %20, never `+`.
  const search = Object.entries(query).map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  return `${publicUrl.replace(/\/+$/, '')}${PUBLIC_PAGES[page]}${search ? `?${search}` : ''}`;
}
