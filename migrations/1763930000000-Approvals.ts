import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Four-eyes approvals (issue 15): a money action above the threshold is first prepared by
 * one named operator, with evidence, then carried out when a different approver approves
 * it. The database refuses a decision by the operator who prepared it, and a second open
 * approval of the same thing. Rows are decided once and never deleted.
 */
export class Approvals1763930000000 implements MigrationInterface {
  name = 'Approvals1763930000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE approvals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        action text NOT NULL CHECK (action IN ('top_up.approve')),
        subject_id text NOT NULL,
        merchant_id uuid NOT NULL REFERENCES merchants (id),
        environment text NOT NULL CHECK (environment IN ('development', 'production')),
        amount bigint NOT NULL CHECK (amount > 0),
        evidence_reference text NOT NULL CHECK (length(btrim(evidence_reference)) BETWEEN 1 AND 200),
        evidence_note text CHECK (length(evidence_note) <= 2000),
        prepared_by_operator_id uuid NOT NULL REFERENCES operators (id),
        prepared_by text NOT NULL,
        prepared_at timestamptz(3) NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
        decided_by_operator_id uuid REFERENCES operators (id),
        decided_by text,
        decided_at timestamptz(3),
        decision_note text CHECK (length(decision_note) <= 2000),
        CHECK (decided_by_operator_id <> prepared_by_operator_id),
        CHECK ((status = 'pending') = (decided_at IS NULL) AND (decided_at IS NULL) = (decided_by_operator_id IS NULL) AND (decided_at IS NULL) = (decided_by IS NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX approvals_one_open ON approvals (action, subject_id) WHERE status = 'pending'`);
    await queryRunner.query('CREATE INDEX approvals_newest ON approvals (prepared_at DESC, id DESC)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE approvals');
  }
}
