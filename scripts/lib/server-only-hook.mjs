/**
 * A module resolution hook for scripts/serve.ts: `server-only` resolves as in Next's server bundle
 * (its `react-server` export, an empty module), so the server's own modules, which import it to stay
 * out of client bundles, load in the plain Node process that answers the tRPC endpoint. Nothing else
 * resolves differently (React and next-intl keep their ordinary builds).
 */
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return nextResolve(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
  return nextResolve(specifier, context);
}
