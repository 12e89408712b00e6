import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

export interface ActivityCard {
  id: string;
  name: string;
  priceFen: number;
  groupSize: number;
  winners: number;
  status: string;
  groupId: string | null;
  commitment: string | null;
  seatsTaken: number;
  expiresAt: Date | null;
  imageUrl: string | null;
  /** Display names of those seated, masked (王*), in seat order. */
  seated: string[];
}

/** Running activities with their open group: seats left, who is seated (masked), and the deadline. */
export async function listActivities(tx: DbOrTx, now: Date): Promise<ActivityCard[]> {
  const rows = await tx.execute<{
    id: string; name: string; price_fen: string; group_size: number; winners: number; status: string;
    group_id: string | null; commitment: string | null; seats_taken: number | null; expires_at: string | null; image_url: string | null; seated: string[] | null;
  }>(sql`
    SELECT a.id, a.name, a.price_fen, a.group_size, a.winners, a.status,
           g.id AS group_id, g.commitment, g.seats_taken, g.expires_at,
           (SELECT i.image_url FROM activity_items i WHERE i.activity_id = a.id ORDER BY i.position LIMIT 1) AS image_url,
           (SELECT array_agg(left(u.display_name, 1) || '*' ORDER BY e.seat) FROM entries e JOIN users u ON u.id = e.user_id WHERE e.group_id = g.id) AS seated
    FROM activities a
    LEFT JOIN groups g ON g.activity_id = a.id AND g.status = 'open'
    WHERE a.status = 'active' AND a.opens_at <= ${now.toISOString()}::timestamptz AND (a.closes_at IS NULL OR a.closes_at > ${now.toISOString()}::timestamptz)
    ORDER BY a.created_at DESC`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    priceFen: Number(r.price_fen),
    groupSize: r.group_size,
    winners: r.winners,
    status: r.status,
    groupId: r.group_id,
    commitment: r.commitment,
    seatsTaken: r.seats_taken ?? 0,
    expiresAt: r.expires_at ? new Date(r.expires_at) : null,
    imageUrl: r.image_url,
    seated: r.seated ?? [],
  }));
}
