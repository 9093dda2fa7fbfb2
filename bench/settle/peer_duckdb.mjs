// The bench plan (bench/settle/README.md) in DuckDB, through @duckdb/node-api.
//
//   node peer_duckdb.mjs DATA_DIR OUT_DIR   (writes OUT_DIR/payouts.csv and grades.csv)
//
// run.py installs @duckdb/node-api into bench/.work/node_modules; the package
// is resolved from there (or from $ACCRUE_BENCH_WORK), since ES modules ignore
// NODE_PATH.
//
// Exactness: amounts are read as DECIMAL(18,2) and margins as DECIMAL(4,1)
// percent points, and sums and products of DECIMALs stay exact. Three things
// are not, and are worked around:
//   - DECIMAL / anything returns DOUBLE, and so does avg(DECIMAL): averages,
//     the repurchase rate and NPS are never divided out; thresholds are tested
//     by cross-multiplying, and the bonus is an integer fraction of cents;
//   - round(DECIMAL, 2) rounds half away from zero, not half to even: the
//     half-even rounding is written out with floor() and a remainder test;
//   - `/` on integers returns DOUBLE as well; integer quotients use `//`;
//   - DECIMALs of different scales meet in a common type of at most 38 digits:
//     least(x DECIMAL(38,2), 0.30 * x DECIMAL(38,4)) is DECIMAL(38,2), so 30%
//     of a sum() (always DECIMAL(38,s)) is silently rounded to cents before the
//     comparison. Sums are cast back to DECIMAL(18,2) first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [data, out] = process.argv.slice(2);
if (!data || !out) {
  console.error('usage: node peer_duckdb.mjs DATA_DIR OUT_DIR');
  process.exit(2);
}
const work = process.env.ACCRUE_BENCH_WORK ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..', '.work');
const require = createRequire(path.join(path.resolve(work), 'package.json'));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));

const csv = (name) => `'${path.resolve(data, name).replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();

const statements = [
  `CREATE TABLE reps AS SELECT * FROM read_csv(${csv('reps.csv')}, header = true,
     columns = {'id': 'VARCHAR', 'role': 'VARCHAR', 'region_stage': 'VARCHAR', 'target_incentive': 'DECIMAL(18,2)'})`,
  `CREATE TABLE customers AS SELECT * FROM read_csv(${csv('customers.csv')}, header = true,
     columns = {'id': 'VARCHAR', 'owner': 'VARCHAR'})`,
  `CREATE TABLE orders AS SELECT "on", customer, amount,
          CAST(rtrim(margin, '%') AS DECIMAL(4,1)) AS margin_points
     FROM read_csv(${csv('orders.csv')}, header = true,
     columns = {'on': 'DATE', 'customer': 'VARCHAR', 'amount': 'DECIMAL(18,2)', 'margin': 'VARCHAR'})`,
  `CREATE TABLE surveys AS SELECT * FROM read_csv(${csv('surveys.csv')}, header = true,
     columns = {'on': 'DATE', 'customer': 'VARCHAR', 'score': 'INTEGER'})`,
  `CREATE TABLE incidents AS SELECT * FROM read_csv(${csv('incidents.csv')}, header = true,
     columns = {'on': 'DATE', 'rep': 'VARCHAR', 'kind': 'VARCHAR'})`,

  // Half-even to cents of a non-negative DECIMAL, as a DECIMAL(18,2).
  `CREATE MACRO half_even_cents(x) AS CAST(
     (floor(x * 100) + CASE WHEN x * 100 - floor(x * 100) > 0.5
                              OR (x * 100 - floor(x * 100) = 0.5 AND CAST(floor(x * 100) AS BIGINT) % 2 = 1)
                            THEN 1 ELSE 0 END) * 0.01 AS DECIMAL(18,2))`,
  // Half-even quotient of non-negative integers.
  `CREATE MACRO half_even_div(n, d) AS
     n // d + CASE WHEN 2 * (n % d) > d OR (2 * (n % d) = d AND (n // d) % 2 = 1) THEN 1 ELSE 0 END`,

  `CREATE TABLE book AS
   WITH totals AS (
     SELECT customer, count(*) AS n_all, sum(amount) AS amount_all, sum(margin_points) AS margin_points,
            count(*) FILTER (WHERE "on" >= DATE '2025-04-01') AS n_12m,
            coalesce(sum(amount) FILTER (WHERE "on" >= DATE '2026-01-01'), 0) AS revenue_q
     FROM orders WHERE "on" <= DATE '2026-03-31' GROUP BY customer)
   SELECT c.id AS customer, c.owner AS rep, coalesce(n_all, 0) AS n_all,
          coalesce(amount_all, 0) AS amount_all, coalesce(margin_points, 0) AS margin_points,
          coalesce(n_12m, 0) AS n_12m, CAST(coalesce(revenue_q, 0) AS DECIMAL(18,2)) AS revenue_q
   FROM customers c LEFT JOIN totals t ON t.customer = c.id`,
];
for (const sql of statements) await db.run(sql);

// clv = amount_all/n * n_12m * 5 * margin_points/100/n >= X
//   <=> amount_all * n_12m * 5 * margin_points >= X * 100 * n^2 (all exact).
const grades = await db.runAndReadAll(`
  WITH graded AS (
    SELECT CASE WHEN n_all > 0 AND amount_all * n_12m * 5 * margin_points >= 1000000 * n_all * n_all THEN 'A'
                WHEN n_all > 0 AND amount_all * n_12m * 5 * margin_points >= 200000 * n_all * n_all THEN 'B'
                ELSE 'C' END AS grade
    FROM book)
  SELECT g.grade, CAST(count(graded.grade) AS VARCHAR)
  FROM (VALUES ('A'), ('B'), ('C')) g(grade) LEFT JOIN graded USING (grade)
  GROUP BY g.grade ORDER BY g.grade`);

const payouts = await db.runAndReadAll(`
  -- sum() returns DECIMAL(38,2): cast back to 18 digits, or least() below
  -- would round 30% of it to DECIMAL(38,2) (see the note at the top).
  WITH credited AS (SELECT rep, CAST(sum(revenue_q) AS DECIMAL(18,2)) AS total FROM book GROUP BY rep),
  per_customer AS (
    SELECT b.rep,
           half_even_cents(0.03 * least(b.revenue_q, 0.30 * c.total)) AS earned,
           half_even_cents(0.03 * b.revenue_q) AS uncapped
    FROM book b JOIN credited c USING (rep)),
  -- paid now = ceil(earned / 2) cents: the odd cent goes to the first tranche
  split AS (SELECT rep, earned, uncapped, CAST(ceil(earned * 50) * 0.01 AS DECIMAL(18,2)) AS paid_now
            FROM per_customer),
  commissions AS (
    SELECT rep, sum(earned) AS commission, sum(uncapped - earned) AS capped,
           sum(paid_now) AS paid_now, sum(earned - paid_now) AS deferred
    FROM split GROUP BY rep),
  repurchase AS (
    SELECT rep, count(*) FILTER (WHERE n_12m >= 2) AS a, count(*) FILTER (WHERE n_12m >= 1) AS b
    FROM book GROUP BY rep),
  nps AS (
    SELECT c.owner AS rep, count(*) AS answers,
           count(*) FILTER (WHERE s.score >= 9) AS promoters, count(*) FILTER (WHERE s.score <= 6) AS detractors
    FROM surveys s JOIN customers c ON c.id = s.customer
    WHERE s."on" BETWEEN DATE '2025-04-01' AND DATE '2026-03-31'
    GROUP BY c.owner),
  vetoes AS (
    SELECT DISTINCT rep FROM incidents
    WHERE kind = 'compliance' AND "on" BETWEEN DATE '2026-01-01' AND DATE '2026-03-31'),
  terms AS (
    -- bonus cents = incentive cents * score * factor/10, score = (10a - 5b) / 2b in the linear band
    SELECT r.id AS rep, CAST(r.target_incentive * 100 AS BIGINT) AS incentive,
           coalesce(p.a, 0) AS a, coalesce(p.b, 0) AS b,
           CASE WHEN coalesce(n.answers, 0) = 0 THEN 10
                WHEN 10 * (n.promoters - n.detractors) >= 3 * n.answers THEN 11
                WHEN n.promoters >= n.detractors THEN 10
                ELSE 9 END AS factor,
           v.rep IS NOT NULL AS veto
    FROM reps r LEFT JOIN repurchase p ON p.rep = r.id LEFT JOIN nps n ON n.rep = r.id
         LEFT JOIN vetoes v ON v.rep = r.id),
  bonuses AS (
    SELECT rep, veto,
           CAST(CASE WHEN b = 0 OR 10 * a < 6 * b THEN 0
                     WHEN 10 * a < 8 * b THEN half_even_div(CAST(incentive AS HUGEINT) * (10 * a - 5 * b) * factor, 20 * b)
                     ELSE half_even_div(CAST(incentive AS HUGEINT) * 3 * factor, 20) END * 0.01 AS DECIMAL(18,2)) AS bonus
    FROM terms)
  SELECT r.id,
         CAST(coalesce(m.commission, 0) AS DECIMAL(18,2))::VARCHAR,
         CAST(coalesce(m.capped, 0) AS DECIMAL(18,2))::VARCHAR,
         CAST(coalesce(m.paid_now, 0) AS DECIMAL(18,2))::VARCHAR,
         CAST(coalesce(m.deferred, 0) AS DECIMAL(18,2))::VARCHAR,
         CAST(CASE WHEN b.veto THEN 0 ELSE b.bonus END AS DECIMAL(18,2))::VARCHAR,
         CAST(CASE WHEN b.veto THEN b.bonus ELSE 0 END AS DECIMAL(18,2))::VARCHAR
  FROM reps r LEFT JOIN commissions m ON m.rep = r.id JOIN bonuses b ON b.rep = r.id
  ORDER BY r.id`);

mkdirSync(out, { recursive: true });
const lines = (header, result) => [header, ...result.getRows().map((row) => row.join(','))].join('\n') + '\n';
writeFileSync(path.join(out, 'payouts.csv'), lines('rep,commission,capped,paid_now,deferred,bonus,vetoed', payouts));
writeFileSync(path.join(out, 'grades.csv'), lines('grade,customers', grades));
