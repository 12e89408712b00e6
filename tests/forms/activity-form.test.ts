/**
 * The activity editor's own check (the server's ActivityInputSchema): a name left empty says
 * "required", one too long says its limit, at its field; an item's picked product rides along as its
 * id only (the picker's photo and price are never sent).
 */
import { describe, expect, it } from "vitest";
import { newActivityForm, validateActivityForm } from "@/components/admin/activity-form";

const base = () => ({ ...newActivityForm(new Date("2026-11-25T02:00:00Z")), name: "耳机团", price: "99.00" });

describe("validateActivityForm", () => {
  it("an empty or overlong name is said in words at its field, the activity's and an item's", () => {
    const form = base();
    form.items = [{ kind: "product", name: "" }, { kind: "product", name: "字".repeat(61) }];
    const { errors } = validateActivityForm({ ...form, name: "   " });
    expect(errors.name).toEqual({ key: "required" });
    expect(errors["items.0.name"]).toEqual({ key: "required" });
    expect(errors["items.1.name"]).toEqual({ key: "tooLong", params: { max: 60 } });
  });

  it("a picked product is sent as its id alone", () => {
    const form = base();
    const product = { id: "00000000-0000-4000-8000-00000000abcd", name: "无线降噪耳机", imageUrl: "/store/earbuds.svg", priceFen: 199_00, onSale: true };
    form.items = [{ kind: "product", name: "耳机", productId: product.id, product, imageUrl: null }];
    const { candidate, ok } = validateActivityForm(form);
    expect(ok).toBe(true);
    expect(candidate.items).toEqual([{ kind: "product", name: "耳机", productId: product.id, imageUrl: null, priceFen: 99_00 }]);
  });
});
