// Removes the registry subjects a test run created (soft, then permanent delete, as the Confluent API
// requires), so repeated runs do not pile up subjects.
export async function deleteSubjects(registryUrl: string, subjects: Iterable<string>): Promise<void> {
  const base = registryUrl.replace(/\/$/, '');
  await Promise.all(
    [...subjects].map(async (subject) => {
      const url = `${base}/subjects/${encodeURIComponent(subject)}`;
      await fetch(url, { method: 'DELETE' }).catch(() => undefined);
      await fetch(`${url}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
    }),
  );
}

export async function subjectCompatibility(
  registryUrl: string,
  subject: string,
): Promise<string | undefined> {
  const response = await fetch(`${registryUrl.replace(/\/$/, '')}/config/${encodeURIComponent(subject)}`);
  if (!response.ok) return undefined;
  return ((await response.json()) as { compatibilityLevel?: string }).compatibilityLevel;
}
