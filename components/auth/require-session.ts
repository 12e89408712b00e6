import "server-only";
import { redirect } from "next/navigation";
import { auth } from "@/server/auth";

/** For server components that need a signed-in user: otherwise off to the sign-in page, coming back here after. */
export async function requireSession(currentPath: string, loginPath = "/login") {
  const session = await auth();
  if (!session?.user?.id) redirect(`${loginPath}?next=${encodeURIComponent(currentPath)}`);
  return session.user;
}
