import { avatarKey } from "./avatar";
import { maskName } from "./mask-name";

/** What anyone but the shopper themself sees of them: the masked name and their avatar's key (no id). */
export interface PublicPerson {
  name: string;
  avatar: string;
}

export function publicPerson(user: { id: string; displayName: string; avatarVariant: number }): PublicPerson {
  return { name: maskName(user.displayName), avatar: avatarKey(user.id, user.avatarVariant) };
}
