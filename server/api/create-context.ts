import "server-only";
import { cookies } from "next/headers";
import { readSession } from "../auth";
import type { Context } from "./context";
import { contextOf } from "./context-of";

/** The context of a request inside Next.js (its route handler): the session through next-auth's `auth()`. */
export async function createContext(headers: Headers, deviceId?: string): Promise<Context> {
  const { session, unavailable } = await readSession();
  const jar = await cookies();
  return contextOf({
    session: session?.user?.id ? { id: session.user.id, role: session.user.role } : null,
    sessionCheck: { unavailable },
    cookie: (name) => jar.get(name)?.value,
    headers,
    deviceId,
  });
}
