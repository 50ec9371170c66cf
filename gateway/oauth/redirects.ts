// Authorization responses go back to the registered redirect URI with the parameters added to
// its query (RFC 6749 §4.1.2, the URI's own query kept, §3.1.2), `state` echoed unchanged and
// `iss` naming this server (RFC 9207 §2) so a client talking to several servers cannot be mixed up.
export function redirectWith(
  redirectUri: string,
  params: Readonly<Record<string, string | null | undefined>>,
): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined && value !== null) url.searchParams.set(name, value);
  return url.href;
}
