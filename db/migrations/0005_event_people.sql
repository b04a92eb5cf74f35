-- The person each logged webhook is about, so that when Greenhouse deletes
-- or anonymizes someone, the events that carry their data can be erased too.
ALTER TABLE webhook_events ADD COLUMN candidate_id INTEGER;
CREATE INDEX webhook_events_candidate ON webhook_events (candidate_id);
