export default function HomePage() {
  return (
    <main className="mx-auto max-w-md p-6">
      <h1 className="text-xl font-semibold text-brand">拼拼</h1>
    </main>
  );
}
