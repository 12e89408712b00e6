import { notFound } from "next/navigation";

/** Any /admin address no console page has: the console's not-found page, inside its frame. */
export default function MissingConsolePage() {
  notFound();
}
