import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { commissionFor, mallPointsFor, splitRefund } from "@/server/domain/store/store-math";
import { validateImage } from "@/server/domain/store/validate-image";
import { DomainError } from "@/server/domain/shared/errors";

describe("store money rules", () => {
  it.each([
    [19_999, 10_000, 199], // ¥199.99 → 199 points at 1 per yuan (rounded down)
    [100, 10_000, 1],
    [99, 10_000, 0],
    [10_000, 20_000, 200], // 2 points per yuan
    [10_000, 0, 0],
  ])("mall points for %i fen at %i bp = %i", (fen, bp, points) => expect(mallPointsFor(fen, bp)).toBe(points));

  it.each([
    [10_000, 300, 300],
    [9_999, 300, 299], // 299.97 → 299
    [10_000, 0, 0],
  ])("commission on %i fen at %i bp = %i", (fen, bp, out) => expect(commissionFor(fen, bp)).toBe(out));

  it("splits a refund in proportion to what each source paid, and the full refund returns each part exactly", () => {
    const paid = { cashFen: 7_000, voucherFen: 3_000 };
    const first = splitRefund(paid, { cashFen: 0, voucherFen: 0 }, 1_000);
    expect(first).toEqual({ cashFen: 700, voucherFen: 300 });
    const rest = splitRefund(paid, first, 9_000);
    expect(rest).toEqual({ cashFen: 6_300, voucherFen: 2_700 });
    expect(() => splitRefund(paid, { cashFen: 7_000, voucherFen: 3_000 }, 1)).toThrow(RangeError);
    expect(() => splitRefund(paid, first, 9_001)).toThrow(RangeError);
  });

  it("property: any sequence of refunds never exceeds either source, sums to what was asked, and ends exactly at what was paid", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.integer({ min: 1, max: 2_000_000 }), { maxLength: 12 }), (cashFen, voucherFen, asks) => {
        fc.pre(cashFen + voucherFen > 0);
        const paid = { cashFen, voucherFen };
        const done = { cashFen: 0, voucherFen: 0 };
        for (const ask of asks) {
          const left = cashFen + voucherFen - done.cashFen - done.voucherFen;
          if (ask > left) {
            expect(() => splitRefund(paid, done, ask)).toThrow(RangeError);
            continue;
          }
          const part = splitRefund(paid, done, ask);
          expect(part.cashFen).toBeGreaterThanOrEqual(0);
          expect(part.voucherFen).toBeGreaterThanOrEqual(0);
          expect(part.cashFen + part.voucherFen).toBe(ask);
          done.cashFen += part.cashFen;
          done.voucherFen += part.voucherFen;
          expect(done.cashFen).toBeLessThanOrEqual(cashFen);
          expect(done.voucherFen).toBeLessThanOrEqual(voucherFen);
        }
        const left = cashFen + voucherFen - done.cashFen - done.voucherFen;
        if (left > 0) {
          const last = splitRefund(paid, done, left);
          expect({ cashFen: done.cashFen + last.cashFen, voucherFen: done.voucherFen + last.voucherFen }).toEqual(paid);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("image uploads are judged by their bytes", () => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
  const code = (bytes: Uint8Array) => {
    try {
      return validateImage(bytes);
    } catch (e) {
      return e instanceof DomainError ? e.code : "other";
    }
  };
  it("accepts PNG, JPEG, WebP and GIF signatures", () => {
    expect(code(png)).toBe("png");
    expect(code(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]))).toBe("jpg");
    expect(code(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "))).toBe("webp");
    expect(code(new TextEncoder().encode("GIF89a......"))).toBe("gif");
  });
  it("refuses text, an SVG, an HTML page named .png, an empty file, and anything over 2 MB", () => {
    expect(code(new TextEncoder().encode("hello"))).toBe("UPLOAD_NOT_IMAGE");
    expect(code(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBe("UPLOAD_NOT_IMAGE");
    expect(code(new TextEncoder().encode("<html><script>alert(1)</script>"))).toBe("UPLOAD_NOT_IMAGE");
    expect(code(new Uint8Array())).toBe("UPLOAD_NOT_IMAGE");
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(png);
    expect(code(big)).toBe("UPLOAD_TOO_LARGE");
  });
});
