import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Mandates, seeded from the vocabulary of the Council conclusions; the secretariat edits them later. */
export class Mandates1795881583195 implements MigrationInterface {
  name = 'Mandates1795881583195';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "mandate" ("code" text NOT NULL, "name" text NOT NULL, "description" text NOT NULL, "sort_order" integer NOT NULL DEFAULT '0', "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_4cbc85493c43d8635b7f25fb894" PRIMARY KEY ("code"))`,
    );
    await q.query(`
      INSERT INTO mandate (code, name, description, sort_order) VALUES
        ('victim_identification', 'Victim identification', 'Europol Victim Identification Taskforce, Interpol ICSE database.', 10),
        ('csam_removal', 'CSAM removal', 'Notice and takedown with providers and hotlines.', 20),
        ('digital_evidence', 'Digital evidence', 'Cross-border access to electronic evidence, data retention.', 30),
        ('prevention', 'Prevention', 'Offender programmes, vetting of staff and volunteers, school and community campaigns.', 40),
        ('victim_support', 'Victim support', 'Support and assistance to victims and their families.', 50),
        ('live_streaming', 'Live streaming', 'Live-distant child abuse and pay-per-view streaming.', 60),
        ('travelling_offenders', 'Travelling offenders', 'Travelling and transnational child sex offenders.', 70),
        ('empact_cse', 'EMPACT CSE', 'The EMPACT child sexual exploitation priority.', 80),
        ('weprotect', 'WeProtect', 'WeProtect Global Alliance and its Model National Response.', 90),
        ('policy_legislation', 'Policy and legislation', 'Transposition of directives 2011/93/EU, 2011/36/EU and 2012/29/EU.', 100),
        ('training', 'Training', 'Training of practitioners (CEPOL).', 110)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "mandate"`);
  }
}
