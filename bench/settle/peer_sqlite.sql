-- The bench plan (bench/settle/README.md) in SQLite: CSV import plus queries.
-- Run by peer_sqlite.sh, which first `.cd`s into the data directory and
-- afterwards writes the views payout_lines and grade_lines, with headers and
-- in key order, to the output files.
--
-- Exactness: SQLite has no decimal type. A column of REAL affinity would store
-- 1234.56 as a binary float and avg() always returns a float, so every table
-- is imported as TEXT and money becomes integer cents by deleting the point,
-- which is right only because every amount is written with exactly two
-- decimals (margins with exactly one). Ratios are never computed: thresholds
-- are compared by cross-multiplying counts and sums, and half-even rounding is
-- done on integer quotients and remainders. Integer overflow would silently
-- turn a product into a float; the largest product here (the CLV test of a
-- whale customer at 10^7 orders) stays near 10^16, below 2^63.

CREATE TABLE reps(id TEXT PRIMARY KEY, role TEXT, region_stage TEXT, target_incentive TEXT);
CREATE TABLE customers(id TEXT PRIMARY KEY, owner TEXT);
CREATE TABLE orders("on" TEXT, customer TEXT, amount TEXT, margin TEXT);
CREATE TABLE surveys("on" TEXT, customer TEXT, score TEXT);
CREATE TABLE incidents("on" TEXT, rep TEXT, kind TEXT);

.import --csv --skip 1 reps.csv reps
.import --csv --skip 1 customers.csv customers
.import --csv --skip 1 orders.csv orders
.import --csv --skip 1 surveys.csv surveys
.import --csv --skip 1 incidents.csv incidents

-- Per customer, over every order up to the end of 2026-Q1. Cents, and margins
-- in tenths of a percent point ('23.5%' -> 235).
CREATE TEMP TABLE order_totals AS
SELECT customer,
       count(*) AS n_all,
       sum(CAST(replace(amount, '.', '') AS INTEGER)) AS amount_all,
       sum(CAST(replace(rtrim(margin, '%'), '.', '') AS INTEGER)) AS margin_all,
       sum("on" >= '2025-04-01') AS n_12m,
       sum(CASE WHEN "on" >= '2026-01-01' THEN CAST(replace(amount, '.', '') AS INTEGER) ELSE 0 END) AS revenue_q
FROM orders
WHERE "on" <= '2026-03-31'
GROUP BY customer;

CREATE TEMP TABLE book AS
SELECT c.id AS customer, c.owner AS rep,
       coalesce(t.n_all, 0) AS n_all, coalesce(t.amount_all, 0) AS amount_all,
       coalesce(t.margin_all, 0) AS margin_all, coalesce(t.n_12m, 0) AS n_12m,
       coalesce(t.revenue_q, 0) AS revenue_q
FROM customers c LEFT JOIN order_totals t ON t.customer = c.id;

-- clv = (amount/100/n) * n_12m * 5 * (margin/1000/n); clv >= X  <=>
-- amount * n_12m * 5 * margin >= X * 100000 * n^2. No orders: clv 0, grade C.
CREATE TEMP VIEW grade_lines AS
WITH graded AS (
  SELECT CASE
           WHEN n_all > 0 AND amount_all * n_12m * 5 * margin_all >= 1000000000 * n_all * n_all THEN 'A'
           WHEN n_all > 0 AND amount_all * n_12m * 5 * margin_all >= 200000000 * n_all * n_all THEN 'B'
           ELSE 'C' END AS grade
  FROM book)
SELECT g.grade, g.grade || ',' || (SELECT count(*) FROM graded WHERE grade = g.grade) AS line
FROM (SELECT 'A' AS grade UNION ALL SELECT 'B' UNION ALL SELECT 'C') g;

-- Commission per customer: 3% of min(revenue_q, 30% of the rep's credited
-- revenue), half-even to cents. With cents rq and R: 3*rq/100 when
-- 10*rq <= 3*R, else 9*R/1000.
CREATE TEMP TABLE credited AS SELECT rep, sum(revenue_q) AS total FROM book GROUP BY rep;

CREATE TEMP TABLE commissions AS
WITH base AS (
  SELECT b.rep, b.revenue_q AS rq,
         CASE WHEN 10 * b.revenue_q <= 3 * c.total THEN 3 * b.revenue_q ELSE 9 * c.total END AS num,
         CASE WHEN 10 * b.revenue_q <= 3 * c.total THEN 100 ELSE 1000 END AS den
  FROM book b JOIN credited c USING (rep)),
rounded AS (
  SELECT rep,
         num / den + (2 * (num % den) > den OR (2 * (num % den) = den AND (num / den) % 2 = 1)) AS earned,
         (3 * rq) / 100 + (2 * ((3 * rq) % 100) > 100
                           OR (2 * ((3 * rq) % 100) = 100 AND ((3 * rq) / 100) % 2 = 1)) AS uncapped
  FROM base),
split AS (
  SELECT rep, earned, uncapped,
         (earned + 1) / 2 AS paid_now  -- ceil(earned / 2): the odd cent goes to the first tranche
  FROM rounded)
SELECT rep, sum(earned) AS commission, sum(uncapped - earned) AS capped,
       sum(paid_now) AS paid_now, sum(earned - paid_now) AS deferred
FROM split GROUP BY rep;

-- Repurchase: a = customers with 2+ orders in 12 months, b = with 1+.
-- score = 0 when 10a < 6b; (10a - 5b) / 2b when 10a < 8b; else 3/2.
CREATE TEMP TABLE repurchase AS
SELECT rep, sum(n_12m >= 2) AS a, sum(n_12m >= 1) AS b FROM book GROUP BY rep;

CREATE TEMP TABLE nps AS
SELECT c.owner AS rep, count(*) AS answers,
       sum(CAST(s.score AS INTEGER) >= 9) AS promoters, sum(CAST(s.score AS INTEGER) <= 6) AS detractors
FROM surveys s JOIN customers c ON c.id = s.customer
WHERE s."on" BETWEEN '2025-04-01' AND '2026-03-31'
GROUP BY c.owner;

-- bonus = target_incentive * score * nps_factor in cents, as num / den, then
-- half-even. nps >= 30 <=> 10 (P - D) >= 3 T; no answers: nps 0, factor 100%.
CREATE TEMP TABLE bonuses AS
WITH terms AS (
  SELECT r.id AS rep,
         CAST(replace(r.target_incentive, '.', '') AS INTEGER) AS incentive,
         coalesce(p.a, 0) AS a, coalesce(p.b, 0) AS b,
         CASE WHEN coalesce(n.answers, 0) = 0 THEN 10
              WHEN 10 * (n.promoters - n.detractors) >= 3 * n.answers THEN 11
              WHEN n.promoters >= n.detractors THEN 10
              ELSE 9 END AS factor,
         EXISTS (SELECT 1 FROM incidents i
                 WHERE i.rep = r.id AND i.kind = 'compliance' AND i."on" BETWEEN '2026-01-01' AND '2026-03-31') AS veto
  FROM reps r LEFT JOIN repurchase p ON p.rep = r.id LEFT JOIN nps n ON n.rep = r.id),
fraction AS (
  SELECT rep, veto,
         CASE WHEN b = 0 OR 10 * a < 6 * b THEN 0
              WHEN 10 * a < 8 * b THEN incentive * (10 * a - 5 * b) * factor
              ELSE incentive * 3 * factor END AS num,
         CASE WHEN b = 0 OR 10 * a < 6 * b THEN 1
              WHEN 10 * a < 8 * b THEN 20 * b
              ELSE 20 END AS den
  FROM terms),
rounded AS (
  SELECT rep, veto,
         num / den + (2 * (num % den) > den OR (2 * (num % den) = den AND (num / den) % 2 = 1)) AS bonus
  FROM fraction)
SELECT rep, CASE WHEN veto THEN 0 ELSE bonus END AS bonus, CASE WHEN veto THEN bonus ELSE 0 END AS vetoed
FROM rounded;

CREATE TEMP VIEW payout_lines AS
WITH cents(rep, c1, c2, c3, c4, c5, c6) AS (
  SELECT r.id, coalesce(m.commission, 0), coalesce(m.capped, 0), coalesce(m.paid_now, 0),
         coalesce(m.deferred, 0), b.bonus, b.vetoed
  FROM reps r LEFT JOIN commissions m ON m.rep = r.id JOIN bonuses b ON b.rep = r.id)
SELECT rep, rep || ',' || printf('%d.%02d,%d.%02d,%d.%02d,%d.%02d,%d.%02d,%d.%02d',
                                 c1 / 100, c1 % 100, c2 / 100, c2 % 100, c3 / 100, c3 % 100,
                                 c4 / 100, c4 % 100, c5 / 100, c5 % 100, c6 / 100, c6 % 100) AS line
FROM cents;
