/**
 * URL prefixes the API answers under: Parley's own `/api`, and `/livekit` for the seed clients'
 * aliases (routes/seed-aliases.ts). CORS and JSON 404s apply to both; everything else is the web client.
 */
const API_PREFIXES = ['/api', '/livekit'] as const;

export function isApiPath(url: string): boolean {
  return API_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`));
}
