-- What the kiosk puts first: each producer's impact on the households it drives. income_yuan is the
-- added yearly income per household (yuan), photo_url a picture of the producer (people at work).
ALTER TABLE producer ADD COLUMN income_yuan INTEGER;
ALTER TABLE producer ADD COLUMN photo_url TEXT;
