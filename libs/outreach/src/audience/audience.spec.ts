import { audienceProblems, namedValues } from './audience.js';
import { audienceSql } from './audience.repository.js';

describe('audience rules', () => {
  it('refuses an audience without groups, a group without conditions and excluding everyone', () => {
    expect(audienceProblems({ include: [] }).map((p) => p.field)).toEqual(['audience.include']);
    expect(
      audienceProblems({ include: [{ countries: [] }], exclude: [{ everyone: true }, {}] }).map((p) => p.field),
    ).toEqual(['audience.include[0]', 'audience.exclude[0].everyone', 'audience.exclude[1]']);
    expect(audienceProblems({ include: [{ everyone: true }] })).toEqual([]);
    expect(audienceProblems({ include: [{ euMembers: true }] })).toEqual([]);
  });

  it('ORs the groups, ANDs the conditions of a group and subtracts the exclusions, all as parameters', () => {
    const params: unknown[] = [];
    const sql = audienceSql(
      {
        include: [{ countries: ['PL'], organisationKinds: ['ministry'] }, { users: ['u1'] }],
        exclude: [{ roles: ['secretariat'] }],
      },
      params,
      ['network'],
    );
    expect(sql).toBe(
      `u.status = 'active' AND ((o.country_code = ANY($1::text[]) AND o.kind = ANY($2::text[])) OR (u.id = ANY($3::uuid[]))) AND NOT ((u.roles && $4::text[]))`,
    );
    expect(params).toEqual([['PL'], ['ministry'], ['u1'], ['secretariat']]);
  });

  it('describes the same rules over directory entries without an account, where accounts-only conditions match nobody', () => {
    const params: unknown[] = [];
    const sql = audienceSql({ include: [{ mandates: ['weprotect'] }, { groups: ['g'] }] }, params, ['network']);
    expect(sql).toContain('ac.emails @> ARRAY[lower(u.email::text)]');
    const contactParams: unknown[] = [];
    const contacts = audienceSql(
      { include: [{ mandates: ['weprotect'] }, { groups: ['g'] }] },
      contactParams,
      ['network'],
      'contact',
    );
    expect(contacts).toContain('ap.contact_id = ct.id');
    expect(contacts).toContain('OR (FALSE)');
    expect(contacts).toContain("ct.status <> 'departed'");
  });

  it('lists each named value once, from inclusions and exclusions', () => {
    expect(
      namedValues({
        include: [{ countries: ['PL', 'DK'] }],
        exclude: [{ countries: ['DK'], mandates: ['weprotect'] }],
      }),
    ).toMatchObject({
      countries: ['PL', 'DK'],
      mandates: ['weprotect'],
      users: [],
    });
  });
});
