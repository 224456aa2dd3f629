/** How often the dashboard's live figures refresh. */
export const REFRESH_MS = 2_000;
