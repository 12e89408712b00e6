/** Generated avatars: deterministic from the user id and variant, distinct between users and between a user's choices. */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { avatarDataUrl, avatarSvg } from "@/components/ui/avatar-art";
import { AVATAR_VARIANTS, avatarChoices, avatarKey } from "@/server/domain/users/avatar";

// Fixed ids (not random per run): the distinctness checks are the same every run.
const ids = Array.from({ length: 2000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);

describe("avatar keys", () => {
  it("are the same for the same id and variant, every time", () => {
    const id = randomUUID();
    expect(avatarKey(id, 0)).toBe(avatarKey(id, 0));
    expect(avatarChoices(id)).toEqual(avatarChoices(id));
    // Pinned: a shopper's avatar must not change under them from one release to the next.
    expect(avatarKey("00000000-0000-4000-8000-000000000001", 0)).toBe("8b7c171d0d4a2103");
  });

  it("differ between users and do not contain the id", () => {
    const keys = ids.map((id) => avatarKey(id, 0));
    expect(new Set(keys).size).toBe(ids.length);
    for (const [i, key] of keys.entries()) expect(ids[i]).not.toContain(key);
  });

  it("give each user AVATAR_VARIANTS different choices, the first being the default", () => {
    const id = randomUUID();
    const choices = avatarChoices(id);
    expect(choices).toHaveLength(AVATAR_VARIANTS);
    expect(new Set(choices).size).toBe(AVATAR_VARIANTS);
    expect(choices[0]).toBe(avatarKey(id, 0));
  });
});

describe("avatar pictures", () => {
  it("draw the same SVG for the same key", () => {
    const key = avatarKey(randomUUID(), 3);
    expect(avatarSvg(key)).toBe(avatarSvg(key));
    expect(avatarDataUrl(key)).toBe(avatarDataUrl(key));
  });

  it("draw a different picture for each of 2,000 users and for each of a user's choices", () => {
    expect(new Set(ids.map((id) => avatarSvg(avatarKey(id, 0)))).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) expect(new Set(avatarChoices(id).map(avatarSvg)).size).toBe(AVATAR_VARIANTS);
  });

  it("vary in colour, not only in shape: many background/face pairs occur", () => {
    const colours = new Set(ids.map((id) => avatarSvg(avatarKey(id, 0)).match(/fill="#[0-9A-F]{6}"/g)?.slice(0, 2).join()));
    expect(colours.size).toBeGreaterThan(100);
  });

  it("are well-formed SVG data URLs", () => {
    const svg = avatarSvg(avatarKey(ids[0]!, 0));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 36 36">.*<\/svg>$/);
    expect(avatarDataUrl(avatarKey(ids[0]!, 0))).toMatch(/^data:image\/svg\+xml;utf8,%3Csvg/);
  });
});
