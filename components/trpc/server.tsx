import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";
import { createContext } from "@/server/api/create-context";
import { appRouter, createCaller } from "@/server/api/root";
import { makeQueryClient } from "./query-client";

/** One query client per request: server components prefetch into it, the client hydrates from it. */
export const getQueryClient = cache(makeQueryClient);

const requestContext = cache(async () => createContext(await headers()));

export const trpc = createTRPCOptionsProxy({ ctx: requestContext, router: appRouter, queryClient: getQueryClient });

/** Direct calls for server components that only render (no client cache involved). */
export const serverCaller = cache(async () => createCaller(await requestContext()));

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
