import { desc } from "drizzle-orm";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { sandboxSms } from "@/db/schema";
import { appDb } from "@/server/db";
import { env } from "@/server/env";
import { fromThisMachine } from "@/server/http/loopback";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sandbox SMS", robots: { index: false } };

/**
 * The sandbox SMS provider's outbox: the texts (one-time codes) the platform would have sent, newest
 * first. Only while the sandbox is the SMS provider, and only to a browser on this machine (the
 * client's address from the socket, scripts/serve.ts): everyone else gets "not found".
 */
export default async function SandboxSmsPage() {
  if (env().SMS_PROVIDER !== "sandbox" || !fromThisMachine(await headers())) notFound();
  const rows = await appDb().select().from(sandboxSms).orderBy(desc(sandboxSms.createdAt)).limit(50);
  return (
    <main className="mx-auto max-w-3xl p-6 font-mono text-sm">
      <h1 className="mb-1 text-lg font-semibold">Sandbox SMS · 短信沙箱</h1>
      <p className="mb-4 text-neutral-500">Texts the platform would have sent (newest first). Only this machine can see this page.</p>
      <table className="w-full border-collapse">
        <thead>
          <tr className="border-b text-left text-neutral-500">
            <th className="py-2 pr-4 font-normal">time (UTC)</th>
            <th className="py-2 pr-4 font-normal">to</th>
            <th className="py-2 font-normal">text</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b align-top" data-testid="sms-row" data-phone={r.phone}>
              <td className="py-2 pr-4 whitespace-nowrap">{r.createdAt.toISOString().slice(0, 19).replace("T", " ")}</td>
              <td className="py-2 pr-4">{r.phone}</td>
              <td className="py-2">{r.body}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="mt-4 text-neutral-500">No texts yet.</p> : null}
    </main>
  );
}
