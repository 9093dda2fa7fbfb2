-- The "good" dataset as SQLite tables, built at test time (no binary fixture).
CREATE TABLE reps (id TEXT PRIMARY KEY, name TEXT, region TEXT, target_incentive TEXT, ignored_column TEXT);
INSERT INTO reps VALUES ('R2', 'Li, Wei', 'east', '12000.00', 'x');
INSERT INTO reps VALUES ('R1', 'Zhang "Z" San', NULL, 8000, 'y');
INSERT INTO reps VALUES ('R3', 'Wang' || char(10) || 'Fang', 'west', '9500.5 CNY', 'z');
CREATE TABLE customers (id TEXT, rep_id TEXT, acquired TEXT, acquisition_cost TEXT, vip INTEGER);
INSERT INTO customers VALUES ('C003', 'R1', '2024-02-29', '150.00', 1);
INSERT INTO customers VALUES ('C001', 'R2', '2023-01-15', 1000, 0);
INSERT INTO customers VALUES ('C002', 'R2', '2025-12-31', '0.5', NULL);
-- order_date and amount have no declared type, so values keep their storage class
-- (a TEXT column would silently turn an inserted REAL into text).
CREATE TABLE orders (order_date, customer TEXT, amount, margin TEXT, qty INTEGER);
INSERT INTO orders VALUES ('2026-01-05', 'C001', '100.00', '12.5%', 3);
INSERT INTO orders VALUES ('2026-01-05', 'C002', '20.5', '0.2', NULL);
INSERT INTO orders VALUES ('2026-02-10', 'C001', '-15.25 CNY', '12.5%', 1);
INSERT INTO orders VALUES ('2026-01-05', 'C001', '100.00', '12.5%', 3);
INSERT INTO orders VALUES ('2025-12-31', 'C003', 7, '100%', 10);
