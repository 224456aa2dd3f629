/**
 * Imported first by the server entry: like `next start`, the server runs in production mode
 * unless told otherwise. It must run before Next.js, React and the settings are loaded, which
 * read NODE_ENV once.
 */
const env = process.env as Record<string, string | undefined>;
env.NODE_ENV ??= "production";

export {};
