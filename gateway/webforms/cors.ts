// Which sites may post to a form (gateway/webforms/README.md §4.2: CORS only for the form's
// allowed origins). A browser names the posting page's origin in `Origin`; a form with allowed
// origins refuses every other one (plain posts included), while a form without any accepts
// plain posts from anywhere but grants no site a readable (CORS) answer. Requests without
// `Origin` (servers, curl) are not browser cross-site posts and pass.
export type OriginDecision =
  { readonly allowed: true; readonly corsOrigin: string | null } | { readonly allowed: false };

export function decideOrigin(
  allowedOrigins: readonly string[],
  origin: string | null,
): OriginDecision {
  if (origin === null || origin === '') return { allowed: true, corsOrigin: null };
  if (allowedOrigins.length === 0) return { allowed: true, corsOrigin: null };
  return allowedOrigins.includes(origin)
    ? { allowed: true, corsOrigin: origin }
    : { allowed: false };
}

/** Response headers granting one allowed origin a readable answer. */
export function corsHeaders(corsOrigin: string | null): Record<string, string> {
  if (!corsOrigin) return {};
  return { 'Access-Control-Allow-Origin': corsOrigin, Vary: 'Origin' };
}

export function preflightHeaders(corsOrigin: string): Record<string, string> {
  return {
    ...corsHeaders(corsOrigin),
    'Access-Control-Allow-Methods': 'POST, GET',
    'Access-Control-Allow-Headers': 'Content-Type, Accept',
    'Access-Control-Max-Age': '600',
  };
}
