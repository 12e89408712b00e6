import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { publicPerson, type PublicPerson } from "../users/public-person";
import { activityImageSql } from "../shared/item-image";

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
  /** Those seated (masked name and avatar), in seat order. */
  seated: PublicPerson[];
}

/** Running activities with their open group: seats left, who is seated (masked), and the deadline. */
export async function listActivities(tx: DbOrTx, now: Date): Promise<ActivityCard[]> {
  const rows = await tx.execute<{
    id: string; name: string; price_fen: string; group_size: number; winners: number; status: string;
    group_id: string | null; commitment: string | null; seats_taken: number | null; expires_at: string | null; image_url: string | null; seated: { id: string; displayName: string; avatarVariant: number }[] | null;
  }>(sql`
    SELECT a.id, a.name, a.price_fen, a.group_size, a.winners, a.status,
           g.id AS group_id, g.commitment, g.seats_taken, g.expires_at,
           ${activityImageSql(sql`a.id`)} AS image_url,
           (SELECT json_agg(json_build_object('id', u.id, 'displayName', u.display_name, 'avatarVariant', u.avatar_variant) ORDER BY e.seat)
              FROM entries e JOIN users u ON u.id = e.user_id WHERE e.group_id = g.id) AS seated
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
    seated: (r.seated ?? []).map(publicPerson),
  }));
}
