import { parse } from 'csv-parse/sync';
import { normaliseContact, type ContactFields } from '../contacts/contact-input.js';
import {
  CONTACT_CSV_COLUMNS,
  contactCsvLine,
  contactsCsvHeader,
  parseContactsCsv,
  type ContactCsvRecord,
} from './contacts-csv.js';

const ORG = '5b0c3f2e-8a1d-4c6b-9e7f-0123456789ab';
const OTHER_ORG = 'a3e1b2c4-d5f6-4789-8abc-def012345678';
const HEADER = CONTACT_CSV_COLUMNS.join(',');

/** A CSV file from lines, joined with CRLF unless told otherwise. */
const csv = (lines: string[], eol = '\r\n') => Buffer.from(lines.join(eol) + eol, 'utf8');

/** One data line in the standard column order, from a few overrides. */
function aLine(over: Partial<Record<(typeof CONTACT_CSV_COLUMNS)[number], string>> = {}): string {
  const cells = {
    organisation_id: ORG,
    full_name: 'Anna Kowalska',
    position: 'Analyst',
    emails: 'anna.kowalska@policja.gov.pl',
    phones: 'work:+48221234567',
    languages: 'pl;en',
    expertise: 'darknet',
    time_zone: 'Europe/Warsaw',
    status: 'active',
    visibility: 'network',
    ...over,
  };
  return CONTACT_CSV_COLUMNS.map((c) => cells[c]).join(',');
}

const aRecord = (over: Partial<ContactCsvRecord> = {}): ContactCsvRecord => ({
  organisationId: ORG,
  fullName: 'Anna Kowalska',
  position: 'Analyst',
  emails: ['anna.kowalska@policja.gov.pl'],
  phones: [{ number: '+48221234567', kind: 'work' }],
  languages: ['pl', 'en'],
  expertise: ['darknet'],
  timeZone: 'Europe/Warsaw',
  status: 'active',
  visibility: 'network',
  ...over,
});

const exportOf = (records: ContactCsvRecord[]) =>
  Buffer.from(contactsCsvHeader() + records.map(contactCsvLine).join(''), 'utf8');

/** What the import gives for an exported record: empty lists read as "not given". */
function asImported(r: ContactCsvRecord): ContactFields {
  const fields: ContactFields = {
    organisationId: r.organisationId,
    fullName: r.fullName,
    position: r.position,
    emails: r.emails,
    timeZone: r.timeZone,
    status: r.status,
    visibility: r.visibility,
  };
  if (r.phones.length) fields.phones = r.phones;
  if (r.languages.length) fields.languages = r.languages;
  if (r.expertise.length) fields.expertise = r.expertise;
  return fields;
}

describe('parseContactsCsv', () => {
  it('reads each row into normalised contact fields, numbering rows by their line', () => {
    const result = parseContactsCsv(
      csv([
        HEADER,
        aLine(),
        aLine({
          full_name: '  Γιάννης   Παπαδόπουλος ',
          emails: 'Giannis.P@Astynomia.gr ; desk@astynomia.gr',
          phones: 'mobile:+30 210 777 6000;+302107654321',
          languages: 'EL; en',
          expertise: 'grooming; victim identification',
          time_zone: 'Europe/Athens',
          status: 'on_leave',
          visibility: 'law_enforcement',
        }),
      ]),
    );

    expect(result.fileErrors).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      {
        row: 2,
        fields: {
          organisationId: ORG,
          fullName: 'Anna Kowalska',
          position: 'Analyst',
          emails: ['anna.kowalska@policja.gov.pl'],
          phones: [{ number: '+48221234567', kind: 'work' }],
          languages: ['pl', 'en'],
          expertise: ['darknet'],
          timeZone: 'Europe/Warsaw',
          status: 'active',
          visibility: 'network',
        },
      },
      {
        row: 3,
        fields: {
          organisationId: ORG,
          fullName: 'Γιάννης Παπαδόπουλος',
          position: 'Analyst',
          emails: ['giannis.p@astynomia.gr', 'desk@astynomia.gr'],
          phones: [
            { number: '+302107776000', kind: 'mobile' },
            { number: '+302107654321', kind: 'work' },
          ],
          languages: ['el', 'en'],
          expertise: ['grooming', 'victim identification'],
          timeZone: 'Europe/Athens',
          status: 'on_leave',
          visibility: 'law_enforcement',
        },
      },
    ]);
  });

  it('gives fields that the contact rules accept unchanged', () => {
    const { rows } = parseContactsCsv(
      csv([HEADER, aLine({ full_name: 'Jürgen  Müller', phones: 'Duty : +49 30 1234567' })]),
    );

    for (const { fields } of rows) {
      const { value, errors } = normaliseContact(fields);
      const { expertiseFolded: _folded, ...again } = value;
      expect(errors).toEqual([]);
      expect(again).toEqual(fields);
    }
    expect(rows[0].fields.phones).toEqual([{ number: '+49301234567', kind: 'duty' }]);
  });

  it('accepts the columns in any order, and only the required ones', () => {
    const result = parseContactsCsv(
      csv(['emails,full_name,organisation_id', `petrov@mvr.bg,Иван Петров,${ORG.toUpperCase()}`]),
    );

    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      { row: 2, fields: { organisationId: ORG, fullName: 'Иван Петров', emails: ['petrov@mvr.bg'] } },
    ]);
  });

  it('reads header names whatever their case and surrounding spaces', () => {
    const result = parseContactsCsv(csv([' Organisation_ID , FULL_NAME,Emails ', `${ORG},Ana Pop,ana@igpr.ro`]));

    expect(result.fileErrors).toEqual([]);
    expect(result.rows).toHaveLength(1);
  });

  it('reads empty position and time zone as null, and other empty cells as not given', () => {
    const { rows, errors } = parseContactsCsv(
      csv([
        HEADER,
        aLine({ position: '', phones: '', languages: ' ', expertise: ';', time_zone: '', status: '', visibility: '' }),
      ]),
    );

    expect(errors).toEqual([]);
    expect(rows[0].fields).toEqual({
      organisationId: ORG,
      fullName: 'Anna Kowalska',
      position: null,
      emails: ['anna.kowalska@policja.gov.pl'],
      timeZone: null,
    });
    // Not given means absent, so an update from the file keeps what the contact has.
    expect(Object.keys(rows[0].fields).sort()).toEqual([
      'emails',
      'fullName',
      'organisationId',
      'position',
      'timeZone',
    ]);
  });

  it('skips a UTF-8 byte order mark and reads LF, CRLF and CR line ends, even mixed', () => {
    const body = `${HEADER}\r\n${aLine()}\n${aLine({ emails: 'b@policja.gov.pl' })}\r${aLine({ emails: 'c@policja.gov.pl' })}\r\n`;
    const result = parseContactsCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]));

    expect(result.fileErrors).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.row, r.fields.emails])).toEqual([
      [2, ['anna.kowalska@policja.gov.pl']],
      [3, ['b@policja.gov.pl']],
      [4, ['c@policja.gov.pl']],
    ]);
  });

  it('numbers rows by the line they start on, past quoted line breaks and blank lines', () => {
    const result = parseContactsCsv(
      csv([
        HEADER,
        aLine({ position: '"Head of unit\r\nCybercrime\r\ndepartment"' }),
        '',
        aLine({ emails: 'b@policja.gov.pl', position: '"Analyst\nsecond line"' }),
        '',
        '',
        aLine({ emails: 'not-an-address' }),
        aLine({ emails: 'd@policja.gov.pl' }),
      ]),
    );

    expect(result.rows.map((r) => r.row)).toEqual([2, 6, 11]);
    expect(result.rows[0].fields.position).toBe('Head of unit Cybercrime department');
    expect(result.errors).toEqual([
      { row: 10, column: 'emails', reasons: ['"not-an-address" is not an e-mail address'] },
    ]);
  });

  it('reads a file that Excel saved with semicolons between cells', () => {
    const header = CONTACT_CSV_COLUMNS.join(';');
    const line = `${ORG};Łukasz Żółw;"Naczelnik; wydział";"a@policja.gov.pl;b@policja.gov.pl";mobile:+48600100200;pl;;Europe/Warsaw;active;network`;
    const result = parseContactsCsv(Buffer.from(`\uFEFF${header}\r\n${line}\r\n`, 'utf8'));

    expect(result.errors).toEqual([]);
    expect(result.rows[0].fields).toMatchObject({
      fullName: 'Łukasz Żółw',
      position: 'Naczelnik; wydział',
      emails: ['a@policja.gov.pl', 'b@policja.gov.pl'],
      phones: [{ number: '+48600100200', kind: 'mobile' }],
    });
  });

  it('takes a quote inside an unquoted cell as written', () => {
    const { rows } = parseContactsCsv(csv([HEADER, aLine({ full_name: 'Jan "Johnny" Kowalski' })]));

    expect(rows[0].fields.fullName).toBe('Jan "Johnny" Kowalski');
  });

  it('skips rows whose cells are all empty, as spreadsheets leave at the end', () => {
    const result = parseContactsCsv(csv([HEADER, aLine(), ',,,,,,,,,', ' , ,,,,,,,,', ',,']));

    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(1);
  });

  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['a byte order mark alone', Buffer.from([0xef, 0xbb, 0xbf])],
    ['blank lines', csv(['', '  ', ''])],
    ['a header only', csv([HEADER])],
    ['a header and blank lines', csv([HEADER, '', ',,,,,,,,,', ''])],
  ])('refuses %s: the file has no rows', (_what, file) => {
    expect(parseContactsCsv(file)).toEqual({ rows: [], errors: [], fileErrors: ['the file has no rows'] });
  });

  it('refuses more rows than one import takes, counting them', () => {
    const lines = Array.from({ length: 10_001 }, (_, i) => aLine({ emails: `user${i}@policja.gov.pl` }));
    const result = parseContactsCsv(csv([HEADER, ...lines]));

    expect(result).toEqual({ rows: [], errors: [], fileErrors: ['the file has 10001 rows; at most 10000 per import'] });
    expect(parseContactsCsv(csv([HEADER, ...lines.slice(0, 3)]), { maxRows: 2 }).fileErrors).toEqual([
      'the file has 3 rows; at most 2 per import',
    ]);
    expect(parseContactsCsv(csv([HEADER, ...lines.slice(0, 2)]), { maxRows: 2 }).rows).toHaveLength(2);
  });

  it('refuses a file over the size limit before reading it', () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0x41);

    expect(parseContactsCsv(big).fileErrors).toEqual(['the file is 5 MB; at most 5 MB per import']);
    expect(parseContactsCsv(Buffer.alloc(6 * 1024 * 1024, 0x41)).fileErrors).toEqual([
      'the file is 6 MB; at most 5 MB per import',
    ]);
    const small = csv([HEADER, aLine()]);
    expect(parseContactsCsv(small, { maxBytes: 100 }).fileErrors).toEqual([
      `the file is ${small.length} bytes; at most 100 bytes per import`,
    ]);
    expect(parseContactsCsv(small, { maxBytes: 2048 }).fileErrors).toEqual([]);
    expect(parseContactsCsv(Buffer.alloc(3000, 0x41), { maxBytes: 2048 }).fileErrors).toEqual([
      'the file is 3 kB; at most 2 kB per import',
    ]);
  });

  it.each([
    [
      'Windows-1250 (Excel "CSV")',
      Buffer.concat([
        Buffer.from(`${HEADER}\r\n${ORG},`),
        Buffer.from([0xa3, 0xf3, 0x64, 0x9f]),
        Buffer.from(',x@y.pl\r\n'),
      ]),
    ],
    [
      'UTF-16 with a byte order mark',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\r\n${aLine()}\r\n`, 'utf16le')]),
    ],
    ['UTF-16 without a byte order mark', Buffer.from(`${HEADER}\r\n${aLine()}\r\n`, 'utf16le')],
    ['a truncated UTF-8 character', Buffer.concat([csv([HEADER, aLine()]), Buffer.from([0xc5])])],
  ])('refuses a file in %s', (_what, file) => {
    expect(parseContactsCsv(file).fileErrors).toEqual(['the file is not UTF-8; save it as CSV UTF-8']);
  });

  it('refuses a file with a quote that is never closed, naming the line where its row starts', () => {
    const result = parseContactsCsv(
      csv([HEADER, aLine({ position: '"two\r\nlines"' }), '', aLine({ position: '"Analyst' }), aLine(), aLine()]),
    );

    expect(result).toEqual({
      rows: [],
      errors: [],
      fileErrors: ['the file is not valid CSV: the row starting on line 5 opens a quote that is never closed'],
    });
  });

  it('reads text after a closing quote as written rather than refusing the file', () => {
    const { rows } = parseContactsCsv(csv([HEADER, aLine({ position: '"Head, unit" A' })]));

    expect(rows[0].fields.position).toBe('"Head, unit" A');
  });

  it.each([
    [
      ['organisation_id', 'full_name', 'emails', 'phone', 'notes'],
      [
        'unknown columns: phone, notes; the columns are organisation_id, full_name, position, emails, phones, languages, expertise, time_zone, status, visibility',
      ],
    ],
    [['organisation_id', 'full_name', 'position'], ['missing required columns: emails']],
    [
      ['name', 'email'],
      [
        'unknown columns: name, email; the columns are organisation_id, full_name, position, emails, phones, languages, expertise, time_zone, status, visibility',
        'missing required columns: organisation_id, full_name, emails',
      ],
    ],
    [['organisation_id', 'full_name', 'emails', 'emails'], ['repeated columns: emails']],
    [['organisation_id', 'full_name', 'emails', ''], ['the header names no column at position 4']],
  ])('refuses the header %j, naming the columns', (header, fileErrors) => {
    const line = header.map((c) => (c === 'organisation_id' ? ORG : c === 'emails' ? 'a@b.pl' : 'x')).join(',');

    expect(parseContactsCsv(csv([header.join(','), line]))).toEqual({ rows: [], errors: [], fileErrors });
  });

  it('reports a row with the wrong number of cells and reads the others', () => {
    const result = parseContactsCsv(
      csv([HEADER, `${aLine()},extra`, aLine({ emails: 'b@policja.gov.pl' }), `${ORG},Anna Nowak`]),
    );

    expect(result.rows.map((r) => r.row)).toEqual([3]);
    expect(result.errors).toEqual([
      { row: 2, column: '', reasons: ['the row has 11 cells; the header has 10'] },
      { row: 4, column: '', reasons: ['the row has 2 cells; the header has 10'] },
    ]);
  });

  it('reports a missing or malformed organisation id', () => {
    const { rows, errors } = parseContactsCsv(
      csv([HEADER, aLine({ organisation_id: '' }), aLine({ organisation_id: 'police-ro', emails: 'b@x.ro' })]),
    );

    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { row: 2, column: 'organisation_id', reasons: ['organisation_id is required'] },
      { row: 3, column: 'organisation_id', reasons: ['"police-ro" is not an organisation id (a UUID)'] },
    ]);
  });

  it('reports missing required cells under their columns', () => {
    const { errors } = parseContactsCsv(csv([HEADER, aLine({ full_name: ' ', emails: '' })]));

    expect(errors).toEqual([
      { row: 2, column: 'full_name', reasons: ['full_name is required'] },
      { row: 2, column: 'emails', reasons: ['emails must contain at least one address'] },
    ]);
  });

  it('reports every problem of a row under the CSV column it comes from', () => {
    const { rows, errors } = parseContactsCsv(
      csv([
        HEADER,
        aLine({
          full_name: 'X',
          emails: 'ok@policja.gov.pl;not an address',
          phones: 'mobile:+48600100200;pager:+48221234567;mobile:0600100200',
          languages: 'pl;xx',
          expertise: 'y'.repeat(81),
          time_zone: 'Europe/Atlantis',
          status: 'retired',
          visibility: 'public',
        }),
      ]),
    );

    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { row: 2, column: 'full_name', reasons: ['full_name must be 2 to 200 characters'] },
      { row: 2, column: 'emails', reasons: ['"not an address" is not an e-mail address'] },
      {
        row: 2,
        column: 'phones',
        reasons: [
          'kind must be one of work, mobile, fax, duty',
          '"0600100200" is not a valid international number; write it in E.164 form with the country code, e.g. +40212082525',
        ],
      },
      { row: 2, column: 'languages', reasons: ['"xx" is not an ISO 639-1 language code'] },
      { row: 2, column: 'expertise', reasons: ['each expertise tag must be at most 80 characters'] },
      { row: 2, column: 'time_zone', reasons: ['"Europe/Atlantis" is not an IANA time zone such as Europe/Warsaw'] },
      { row: 2, column: 'status', reasons: ['status must be one of active, on_leave, departed'] },
      { row: 2, column: 'visibility', reasons: ['visibility must be one of network, law_enforcement, secretariat'] },
    ]);
  });

  it('reads status and visibility whatever their case', () => {
    const { rows } = parseContactsCsv(csv([HEADER, aLine({ status: 'Departed', visibility: ' SECRETARIAT ' })]));

    expect(rows[0].fields).toMatchObject({ status: 'departed', visibility: 'secretariat' });
  });

  it('refuses a primary e-mail used by an earlier row, naming that row', () => {
    const { rows, errors } = parseContactsCsv(
      csv([
        HEADER,
        aLine({ emails: 'desk@policja.gov.pl' }),
        aLine({ emails: 'other@policja.gov.pl;desk@policja.gov.pl' }),
        aLine({ emails: 'DESK@policja.gov.pl ', organisation_id: OTHER_ORG }),
        aLine({ emails: 'desk@policja.gov.pl', full_name: 'Z' }),
      ]),
    );

    // A secondary address may repeat another contact's primary one.
    expect(rows.map((r) => r.row)).toEqual([2, 3]);
    expect(errors).toEqual([
      {
        row: 4,
        column: 'emails',
        reasons: ['the primary e-mail desk@policja.gov.pl is already the primary e-mail of row 2'],
      },
      { row: 5, column: 'full_name', reasons: ['full_name must be 2 to 200 characters'] },
      {
        row: 5,
        column: 'emails',
        reasons: ['the primary e-mail desk@policja.gov.pl is already the primary e-mail of row 2'],
      },
    ]);
  });

  it('removes the quote that disarms a formula, and only that one', () => {
    const { rows } = parseContactsCsv(
      csv([HEADER, aLine({ position: "'=Head", expertise: "'-osint;'+tor;'@risk", full_name: "O'Brien Seán" })]),
    );

    expect(rows[0].fields).toMatchObject({
      position: '=Head',
      expertise: ['-osint', "'+tor", "'@risk"],
      fullName: "O'Brien Seán",
    });
  });
});

describe('contactsCsvHeader', () => {
  it('names every column in the standard order, ending with CRLF', () => {
    expect(contactsCsvHeader()).toBe(
      'organisation_id,full_name,position,emails,phones,languages,expertise,time_zone,status,visibility\r\n',
    );
  });
});

describe('contactCsvLine', () => {
  it('writes one contact as a CRLF-terminated row', () => {
    expect(contactCsvLine(aRecord({ languages: ['pl'], phones: [{ number: '+48600100200', kind: 'mobile' }] }))).toBe(
      `${ORG},Anna Kowalska,Analyst,anna.kowalska@policja.gov.pl,mobile:+48600100200,pl,darknet,Europe/Warsaw,active,network\r\n`,
    );
  });

  it('quotes cells with commas, quotes, semicolons and line breaks as RFC 4180 says', () => {
    const line = contactCsvLine(
      aRecord({
        fullName: 'Jan "Johnny" Kowalski',
        position: 'Head, cybercrime\nunit',
        emails: ['a@x.pl', 'b@x.pl'],
        languages: [],
        expertise: [],
      }),
    );

    expect(line).toBe(
      `${ORG},"Jan ""Johnny"" Kowalski","Head, cybercrime\nunit","a@x.pl;b@x.pl",work:+48221234567,,,Europe/Warsaw,active,network\r\n`,
    );
  });

  it('writes no position and no time zone as empty cells', () => {
    expect(contactCsvLine(aRecord({ position: null, timeZone: null }))).toBe(
      `${ORG},Anna Kowalska,,anna.kowalska@policja.gov.pl,work:+48221234567,"pl;en",darknet,,active,network\r\n`,
    );
  });

  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1 analyst', "'+1 analyst"],
    ['-lead', "'-lead"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ["'=already", "''=already"],
    ["O'Neil", "O'Neil"],
    ['a=b', 'a=b'],
  ])('disarms a cell a spreadsheet would run: %j', (position, cell) => {
    expect(contactCsvLine(aRecord({ position })).split(',')[2]).toBe(cell);
  });

  it('never puts the quote before a phone number', () => {
    const line = contactCsvLine(
      aRecord({
        phones: [
          { number: '+48600100200', kind: 'mobile' },
          { number: '+48221234567', kind: 'work' },
        ],
      }),
    );

    expect(line).toContain(',"mobile:+48600100200;work:+48221234567",');
    expect(line).not.toContain("'");
  });
});

describe('export and import', () => {
  it('reads back what it wrote, unchanged', () => {
    const records = [
      aRecord(),
      aRecord({
        organisationId: OTHER_ORG,
        fullName: 'Γιάννης Παπαδόπουλος',
        position: '=cmd|"/c calc"!A1, "deputy"; head',
        emails: ['giannis@astynomia.gr', 'desk@astynomia.gr'],
        phones: [
          { number: '+302107776000', kind: 'duty' },
          { number: '+302107654321', kind: 'fax' },
        ],
        languages: ['el', 'en', 'fr'],
        expertise: ['-osint', '@risk', 'grooming, sextortion', "'quoted'"],
        timeZone: 'Europe/Athens',
        status: 'on_leave',
        visibility: 'law_enforcement',
      }),
      aRecord({
        fullName: 'Олена Іваненко',
        position: null,
        emails: ['-olena@cyberpolice.gov.ua'],
        phones: [],
        languages: [],
        expertise: [],
        timeZone: null,
        status: 'departed',
        visibility: 'secretariat',
      }),
      aRecord({ fullName: 'Jürgen Groß', position: '+Leiter "Cyber"', emails: ['j.gross@bka.bund.de'] }),
    ];

    const result = parseContactsCsv(exportOf(records));

    expect(result.fileErrors).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual(records.map((r, i) => ({ row: i + 2, fields: asImported(r) })));
  });

  it('writes a file that a CSV reader with default settings splits into the same cells', () => {
    const file = exportOf([aRecord({ position: 'a,b "c"\r\nd;\'', phones: [] })]);

    expect(parse(file)).toEqual([
      [...CONTACT_CSV_COLUMNS],
      [
        ORG,
        'Anna Kowalska',
        'a,b "c"\r\nd;\'',
        'anna.kowalska@policja.gov.pl',
        '',
        'pl;en',
        'darknet',
        'Europe/Warsaw',
        'active',
        'network',
      ],
    ]);
  });
});
