-- The product database of the 消费扶贫 guidelines: 种养规模 (output_scale), 年产量 (annual_output),
-- 市场价格区间 (market price range, fen).
ALTER TABLE product ADD COLUMN annual_output TEXT;
ALTER TABLE product ADD COLUMN market_low_fen BIGINT;
ALTER TABLE product ADD COLUMN market_high_fen BIGINT;
