/**
 * The spellings a signed query string may have had before it reached us. A network signs the bytes
 * it sent, but a web framework may hand the route a re-serialised URL: Next.js rewrites the query of
 * a request with `application/x-www-form-urlencoded` rules (a space as `+`, `~` as `%7E`, …), so a
 * query signed with `%20` no longer matches its signature. The signature must verify over one of
 * these spellings; each is the same decoded parameters, so accepting any changes no value a signer
 * did not sign. First as received, then with spaces as `%20`, then each value as
 * `encodeURIComponent` writes it.
 */
export function querySpellings(rawQuery: string): string[] {
  const spellings = [rawQuery, rawQuery.replace(/\+/g, "%20")];
  const reencoded = rawQuery
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq < 0) return pair;
      try {
        return `${pair.slice(0, eq)}=${encodeURIComponent(decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, " ")))}`;
      } catch {
        return pair;
      }
    })
    .join("&");
  spellings.push(reencoded);
  return [...new Set(spellings)];
}
