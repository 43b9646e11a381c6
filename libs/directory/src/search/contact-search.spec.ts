import type { Viewer } from '../viewer.js';
import { contactSearchSql } from './contact-search.sql.js';

const viewer: Viewer = {
  userId: '00000000-0000-4000-8000-000000000001',
  email: 'member@police.test',
  organisationId: '00000000-0000-4000-8000-000000000002',
  secretariat: false,
  orgAdmin: false,
  levels: ['network', 'law_enforcement'],
};
const search = (filters: Record<string, unknown>) => contactSearchSql(viewer, { page: 1, limit: 25, ...filters });

describe('the contact search statement', () => {
  it('is kept prepared under one name per shape for text searches with at most two filters', () => {
    const muller = search({ q: 'muller', countries: ['DE'] });
    const kowalski = search({ q: 'Kowalski Anna', countries: ['PL', 'CZ'], page: 3 });
    expect(muller.name).toMatch(/^directory\.search\.[0-9a-f]{24}$/);
    // Same filters present, other values: the same text, so the same statement.
    expect(kowalski.text).toBe(muller.text);
    expect(kowalski.name).toBe(muller.name);
    expect(kowalski.values).not.toEqual(muller.values);
    // Other filters present: another statement.
    expect(search({ q: 'muller', languages: ['de'] }).name).not.toBe(muller.name);
    expect(search({ q: 'muller', countries: ['DE'], designated: true }).name).toMatch(/^directory\.search\./);
  });

  it('is planned afresh for rare shapes and for browsing without text', () => {
    expect(search({ q: 'muller', countries: ['DE'], languages: ['de'], kinds: ['hotline'] }).name).toBeNull();
    expect(search({ countries: ['DE'] }).name).toBeNull();
    expect(search({ q: ' & | ' }).name).toBeNull();
  });
});
