import type { TestUser } from './identity.js';
import type { TestApi } from './test-api.js';

let counter = 0;

/** An organisation created by the secretariat through the API. */
export async function anOrganisation(
  api: TestApi,
  secretariat: TestUser,
  body: { name?: string; kind: string; countryCode?: string; acronym?: string },
): Promise<string> {
  const created = await api.json(
    'POST',
    '/api/v1/directory/organisations',
    { name: body.name ?? `Organisation ${++counter}`, ...body },
    secretariat.auth,
  );
  if (created.status !== 201) throw new Error(`organisation: ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}

/** A contact created through the API by the given user (secretariat or org admin). */
export async function aContact(
  api: TestApi,
  by: TestUser,
  body: Record<string, unknown> & { organisationId: string; fullName: string },
): Promise<{ id: string; version: number } & Record<string, any>> {
  const created = await api.json(
    'POST',
    '/api/v1/directory/contacts',
    { emails: [`contact${++counter}-${Date.now()}@example.test`], ...body },
    by.auth,
  );
  if (created.status !== 201) throw new Error(`contact: ${JSON.stringify(created.body)}`);
  return created.body;
}

export const searchContacts = async (api: TestApi, user: TestUser, query: string) =>
  (await api.json('GET', `/api/v1/directory/contacts?${query}`, undefined, user.auth)).body;
