-- 0002: a rate reported by several units is combined as Σ numerators / Σ denominators, never as
-- the mean of the rates. A unit reports its rate and the base it is a rate of (households,
-- pupils, hectares): "98% of 2.000 households".
ALTER TABLE data_value ADD COLUMN denominator REAL CHECK (denominator IS NULL OR denominator >= 0);
