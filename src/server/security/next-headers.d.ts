/** The types of next-headers.js (values there only). */
export type Header = { key: string; value: string };

export function commonSecurityHeaders(dev: boolean): Header[];

export const API_SECURITY_HEADERS: Header[];

export function nextSecurityHeaders(dev: boolean): { source: string; headers: Header[] }[];
