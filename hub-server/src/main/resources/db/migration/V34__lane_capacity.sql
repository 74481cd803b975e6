-- A lane's capacity: how many items the lane holds when full (what staff fill it up to). NULL when
-- nobody has entered it; the staff page then says the capacity is unknown instead of guessing.
ALTER TABLE lane ADD COLUMN capacity INTEGER;
